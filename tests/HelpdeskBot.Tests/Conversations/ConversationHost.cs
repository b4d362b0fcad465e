using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HelpdeskBot.Diagnoses;
using HelpdeskBot.Probes;
using HelpdeskBot.Protocol;
using HelpdeskBot.Testing;
using HelpdeskBot.Testing.Cards;
using HelpdeskBot.Tests.Bot;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.Conversations;

/// <summary>
/// The whole bot in memory with real tokens, a loopback fake connector, real SQLite in a temp file and real probes
/// whose allow-list is 127.0.0.0/8 and whose resolvers point at a closed loopback port (nothing leaves loopback).
/// Every card the bot produces (sent, updated or returned to an invoke) is checked against the Adaptive Card schema.
/// </summary>
internal sealed class ConversationHost : IAsyncDisposable
{
    public const string BotId = "28:" + BotApplication.AppId;

    private readonly FakeChannelAuthority _authority;
    private readonly FakeTokenEndpoint _tokens;
    private readonly string _databasePath;
    private readonly FakeTimeProvider? _clock;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private ConversationApplication _app;
    private int _activity;

    private readonly Action<IServiceCollection>? _services;

    private ConversationHost(FakeChannelAuthority authority, FakeTokenEndpoint tokens, FakeConnector connector, string databasePath, FakeTimeProvider? clock, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        _authority = authority;
        _tokens = tokens;
        Connector = connector;
        _databasePath = databasePath;
        _clock = clock;
        _settings = settings;
        _services = services;
        _app = new ConversationApplication(authority, tokens, databasePath, clock, settings, services);
    }

    public FakeConnector Connector { get; }

    /// <summary>The Entra token endpoint the bot takes connector tokens from (can be taken down).</summary>
    public FakeTokenEndpoint Tokens => _tokens;

    /// <summary>Ports the probes may use; the list instance is shared with the options, so sites started later can be added.</summary>
    public static List<int> AllowedPorts { get; } = [80, 443];

    public static void AllowPort(int port)
    {
        lock (AllowedPorts)
        {
            if (!AllowedPorts.Contains(port))
            {
                AllowedPorts.Add(port);
            }
        }
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>Every card JSON seen so far (connector requests and invoke responses), for schema checks.</summary>
    public List<JsonNode> Cards { get; } = [];

    /// <param name="clock">The host's clock (idle expiry); tokens then live long enough for the clock to be moved hours on.</param>
    /// <param name="settings">Extra configuration, e.g. <c>Conversations:CaseIdleTimeout</c>.</param>
    /// <param name="services">Extra service configuration, e.g. an in-memory telemetry exporter.</param>
    public static async Task<ConversationHost> StartAsync(FakeTimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var authority = await FakeChannelAuthority.StartAsync();
        var tokens = await FakeTokenEndpoint.StartAsync();
        var connector = await FakeConnector.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"hb-conv-{Guid.NewGuid():N}.db");
        return new ConversationHost(authority, tokens, connector, path, clock, settings ?? new Dictionary<string, string?>(), services);
    }

    /// <summary>Stops the bot and starts a new host on the same SQLite file (a restart mid-flow).</summary>
    public async Task RestartAsync()
    {
        await _app.DisposeAsync();
        _app = new ConversationApplication(_authority, _tokens, _databasePath, _clock, _settings, _services);
    }

    public static JsonObject Account(string id, string name) => new() { ["id"] = id, ["name"] = name, ["aadObjectId"] = "aad-" + id[3..] };

    public JsonObject Message(string text, string userId = "29:alex", string userName = "Alex Wilber", string conversationId = "a:personal-1", bool group = false, string platform = "Windows")
    {
        var activity = Base("message", userId, userName, conversationId, group, platform);
        activity["text"] = group ? $"<at>HelpdeskBot</at> {text}" : text;
        activity["textFormat"] = "xml";
        if (group)
        {
            activity["entities"]!.AsArray().Add(new JsonObject { ["type"] = "mention", ["text"] = "<at>HelpdeskBot</at>", ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "HelpdeskBot" } });
        }

        return activity;
    }

    /// <summary>An adaptiveCard/action invoke as Teams sends it for an Action.Execute click.</summary>
    public JsonObject Invoke(JsonNode action, string cardActivityId, string userId = "29:alex", string userName = "Alex Wilber", string conversationId = "a:personal-1", bool group = false)
    {
        return Click(Base("invoke", userId, userName, conversationId, group, "Windows"), action, cardActivityId);
    }

    /// <summary>A client of the bot's own endpoints (pages, APIs, callbacks), without a channel token.</summary>
    public HttpClient CreateClient() => _app.CreateClient();

    /// <summary>The readiness status <c>/health/ready</c> answers ("Healthy", "Degraded"); fails on an unhealthy answer.</summary>
    public async Task<string> ReadyAsync()
    {
        using var client = CreateClient();
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"/health/ready: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<HttpResponseMessage> PostAsync(JsonObject activity)
    {
        // '<', '>' and '&' unescaped, as Teams writes them: a 240 KB message of HTML stays under the 256 KB body limit.
        var response = await PostRawAsync(activity.ToJsonString(Readable));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    /// <summary>Posts <paramref name="body"/> as it is (JSON or not) with a valid channel token; any status comes back.</summary>
    public async Task<HttpResponseMessage> PostRawAsync(string body)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _authority.CreateToken(BotApplication.AppId, Connector.ServiceUrl, spec =>
        {
            if (_clock is not null)
            {
                // The bot checks lifetimes against its own (fake) clock, which the test moves forward.
                spec.ExpiresOffset = TimeSpan.FromHours(6);
            }
        }));
        return await client.SendAsync(request);
    }

    public async Task SayAsync(string text, string userId = "29:alex", string userName = "Alex Wilber", string conversationId = "a:personal-1", bool group = false)
    {
        using var _ = await PostAsync(Message(text, userId, userName, conversationId, group));
    }

    /// <summary>Clicks the action titled <paramref name="title"/> on <paramref name="card"/>; returns the invoke response body.</summary>
    public async Task<JsonNode> ClickAsync(JsonNode card, string title, string cardActivityId, string userId = "29:alex", string userName = "Alex Wilber", string conversationId = "a:personal-1", bool group = false)
    {
        var action = FindAction(card, title) ?? throw new Xunit.Sdk.XunitException($"No action '{title}' on card:\n{card.ToJsonString()}");
        using var response = await PostAsync(Invoke(action, cardActivityId, userId, userName, conversationId, group));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if ((string?)body["type"] == "application/vnd.microsoft.card.adaptive")
        {
            Record(body["value"]!);
        }

        return body;
    }

    public static JsonNode? FindAction(JsonNode card, string title) =>
        Actions(card).FirstOrDefault(a => string.Equals((string?)a["title"], title, StringComparison.Ordinal));

    public static IEnumerable<JsonNode> Actions(JsonNode card)
    {
        foreach (var a in card["actions"]?.AsArray() ?? [])
        {
            yield return a!;
        }

        foreach (var e in card["body"]?.AsArray() ?? [])
        {
            if ((string?)e!["type"] == "ActionSet")
            {
                foreach (var a in e["actions"]!.AsArray())
                {
                    yield return a!;
                }
            }
        }
    }

    /// <summary>Waits for a card (sent or updated, successfully) whose JSON contains <paramref name="text"/>; returns it with the activity id it lives in.</summary>
    public async Task<(JsonNode Card, string ActivityId, ConnectorRequest Request)> WaitForCardAsync(string text, int after = 0)
    {
        while (true)
        {
            var requests = Connector.Requests;
            for (var i = after; i < requests.Count; i++)
            {
                var r = requests[i];
                if (r.Succeeded && r.Card is { } card && Json(card).Contains(text, StringComparison.Ordinal))
                {
                    Record(card);
                    var id = r.Method == "PUT" ? r.Path.Split('/')[^1] : ActivityIdOf(i);
                    return (card, id, r);
                }
            }

            try
            {
                await Connector.WaitForRequestsAsync(requests.Count + 1, TimeSpan.FromSeconds(20)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"No card containing '{text}'. Requests:\n" + string.Join('\n', Connector.Requests.Select(r => $"{r.Method} {r.Path} {Short(Json(r.Body))}")));
            }
        }
    }

    /// <summary>The fake connector numbers its successful POST/PUT answers 1, 2, 3… in arrival order (typing included).</summary>
    private string ActivityIdOf(int requestIndex) =>
        Connector.Requests.Take(requestIndex + 1).Count(r => r.Succeeded && r.Method is "POST" or "PUT").ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Short(string? s) => s is null ? string.Empty : s[..Math.Min(4000, s.Length)];

    private static readonly System.Text.Json.JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>JSON with non-ASCII and quotes unescaped, so tests can look for "It's not you…".</summary>
    public static string Json(JsonNode? node) => node?.ToJsonString(Readable) ?? string.Empty;

    /// <summary>A text as <see cref="Json"/> writes it inside a string (quotes, no-break spaces escaped), to find resource texts in cards.</summary>
    public static string InJson(string text) => System.Text.Json.JsonSerializer.Serialize(text, Readable)[1..^1];

    public void Record(JsonNode card)
    {
        lock (Cards)
        {
            Cards.Add(card.DeepClone());
        }
    }

    public void AssertAllCardsValid()
    {
        Assert.NotEmpty(Cards);
        foreach (var card in Cards)
        {
            var errors = AdaptiveCardSchema.Errors(card.ToJsonString());
            Assert.True(errors.Count == 0, string.Join('\n', errors) + "\n" + card.ToJsonString());
        }
    }

    private JsonObject Base(string type, string userId, string userName, string conversationId, bool group, string platform) =>
        TeamsActivity(Connector.ServiceUrl, Interlocked.Increment(ref _activity), type, Account(userId, userName), conversationId, group, platform);

    /// <summary>The envelope Teams puts around every activity (message-personal.json / message-groupchat.json shapes).</summary>
    internal static JsonObject TeamsActivity(string serviceUrl, int sequence, string type, JsonObject from, string conversationId, bool group, string platform) => new()
    {
        ["type"] = type,
        ["id"] = $"f:{sequence}",
        ["timestamp"] = "2026-11-25T12:00:00.000Z",
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["from"] = from,
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "HelpdeskBot" },
        ["conversation"] = group
            ? new JsonObject { ["id"] = conversationId, ["conversationType"] = "groupChat", ["isGroup"] = true, ["tenantId"] = "tenant-1" }
            : new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = "tenant-1" },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "tenant-1" } },
        ["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["platform"] = platform }),
        ["locale"] = "en-US",
    };

    /// <summary>Makes <paramref name="invoke"/> the adaptiveCard/action Teams sends for an Action.Execute click on <paramref name="action"/>.</summary>
    internal static JsonObject Click(JsonObject invoke, JsonNode action, string cardActivityId)
    {
        invoke["name"] = "adaptiveCard/action";
        invoke["replyToId"] = cardActivityId;
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["title"] = (string?)action["title"], ["verb"] = (string?)action["verb"], ["data"] = action["data"]?.DeepClone() },
            ["trigger"] = "manual",
        };
        return invoke;
    }

    /// <summary>
    /// A whole bot host in Production trusting the fake channel authority and token endpoint, probing loopback only
    /// (no resolvers, 127.0.0.0/8 allowed, no rate limits). Callers add their storage and extra settings.
    /// </summary>
    internal static void UseFakeTeams(IWebHostBuilder builder, FakeChannelAuthority authority, FakeTokenEndpoint tokens)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("MicrosoftAppId", BotApplication.AppId);
        builder.UseSetting("MicrosoftAppTenantId", BotApplication.TenantId);
        builder.UseSetting("MicrosoftAppPassword", "whole-host-secret");
        builder.UseSetting("Bot:OpenIdMetadataUrl", authority.MetadataUrl);
        builder.UseSetting("Bot:Connector:AuthorityHost", tokens.AuthorityHost);
        builder.ConfigureServices(services =>
        {
            tokens.TrustFrom(services, ProtocolHttpClients.TokenEndpoint);
            services.Configure<ProbesOptions>(o =>
            {
                o.Resolvers = [];
                o.SystemResolver = "127.0.0.1:9";
                o.DnsTimeout = TimeSpan.FromMilliseconds(300);
                o.AllowedNetworks = ["127.0.0.0/8"];
                o.PerUserPerMinute = 0;
                o.PerTargetPerMinute = 0;
            });
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await Connector.DisposeAsync();
        await _tokens.DisposeAsync();
        await _authority.DisposeAsync();
        foreach (var f in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            try
            {
                File.Delete(f);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed class ConversationApplication(FakeChannelAuthority authority, FakeTokenEndpoint tokens, string databasePath, FakeTimeProvider? clock, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? extra) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            UseFakeTeams(builder, authority, tokens);
            builder.UseSetting("Storage:Sqlite:Path", databasePath);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services =>
            {
                if (clock is not null)
                {
                    services.AddSingleton<TimeProvider>(clock);
                }

                services.Configure<ProbesOptions>(o =>
                {
                    o.HttpAttempts = 3;
                    o.AllowedPorts = AllowedPorts;
                });
                extra?.Invoke(services);
            });
        }
    }
}
