using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HelpdeskBot.Probes;
using HelpdeskBot.Protocol;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Bot;
using HelpdeskBot.Tests.Conversations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>
/// Two whole HelpdeskBot hosts (the real pipeline: /api/messages, JWT check, conversation flow, outbox dispatcher)
/// on one PostgreSQL database, as two instances behind a load balancer. Both talk to the same loopback channel
/// authority, token endpoint and fake connector; probes are limited to loopback with a closed resolver port.
/// </summary>
internal sealed class ScaleOutBots : IAsyncDisposable
{
    public const string BotId = "28:" + BotApplication.AppId;

    private readonly FakeChannelAuthority _authority;
    private readonly FakeTokenEndpoint _tokens;
    private readonly BotHost[] _hosts;
    private int _activity;

    private ScaleOutBots(FakeChannelAuthority authority, FakeTokenEndpoint tokens, FakeConnector connector, string connectionString, IReadOnlyDictionary<string, string?> settings, Action<int, IServiceCollection>? services)
    {
        _authority = authority;
        _tokens = tokens;
        Connector = connector;
        _hosts = [new BotHost(authority, tokens, connectionString, settings, s => services?.Invoke(0, s)), new BotHost(authority, tokens, connectionString, settings, s => services?.Invoke(1, s))];
    }

    public FakeConnector Connector { get; }

    /// <summary>The services of host 0 or 1.</summary>
    public IServiceProvider Services(int host) => _hosts[host].Services;

    /// <param name="settings">Extra configuration of both hosts, applied after the scale-out defaults.</param>
    /// <param name="services">Extra service configuration of host 0 or 1 (e.g. a diagnoser of its own).</param>
    public static async Task<ScaleOutBots> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? settings = null, Action<int, IServiceCollection>? services = null)
    {
        var authority = await FakeChannelAuthority.StartAsync();
        var tokens = await FakeTokenEndpoint.StartAsync();
        var connector = await FakeConnector.StartAsync();
        var bots = new ScaleOutBots(authority, tokens, connector, connectionString, settings ?? new Dictionary<string, string?>(), services);
        _ = bots._hosts[0].Server; // start both now (migrations, dispatchers), not on the first request
        _ = bots._hosts[1].Server;
        return bots;
    }

    /// <summary>A personal-chat message as Teams sends it (message-personal.json shape).</summary>
    public JsonObject Message(string text, string userId, string conversationId)
    {
        var activity = Base("message", userId, conversationId);
        activity["text"] = text;
        activity["textFormat"] = "plain";
        return activity;
    }

    /// <summary>The next activity sequence number (activity ids are unique across the test).</summary>
    public int NextSequence() => Interlocked.Increment(ref _activity);

    /// <summary>An adaptiveCard/action invoke as Teams sends it for an Action.Execute click (invoke-adaptivecard-action-execute.json shape).</summary>
    public JsonObject Invoke(JsonNode action, string cardActivityId, string userId, string conversationId)
    {
        return ConversationHost.Click(Base("invoke", userId, conversationId), action, cardActivityId);
    }

    /// <summary>Posts <paramref name="activity"/> to host 0 or 1 with a channel token; returns the response body (null when empty).</summary>
    public async Task<JsonNode?> PostAsync(int host, JsonObject activity)
    {
        using var client = _hosts[host].CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _authority.CreateToken(BotApplication.AppId, Connector.ServiceUrl));
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"host {host}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? null : JsonNode.Parse(body);
    }

    /// <summary>Waits (bounded) for a card updated in <paramref name="conversationId"/> whose JSON contains <paramref name="text"/>.</summary>
    public async Task<(JsonNode Card, string ActivityId)> WaitForCardAsync(string conversationId, string text, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout, TimeProvider.System);
        var prefix = $"/v3/conversations/{conversationId}/activities/";
        while (true)
        {
            var requests = Connector.Requests;
            foreach (var r in requests)
            {
                // Updated in place, or (when it coalesced with the acknowledgement or could not be updated) sent anew.
                if (r.Succeeded && r.Card is { } card && Json(card).Contains(text, StringComparison.Ordinal))
                {
                    if (r.Method == "PUT" && r.Path.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        return (card, r.Path[prefix.Length..]);
                    }

                    if (r.Method == "POST" && r.Path == prefix.TrimEnd('/') && r.ResponseId is { } id)
                    {
                        return (card, id);
                    }
                }
            }

            if (deadline.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"No card containing '{text}' in {conversationId}.");
            }

            try
            {
                await Connector.WaitForRequestsAsync(requests.Count + 1, TimeSpan.FromSeconds(1));
            }
            catch (OperationCanceledException)
            {
                // nothing new within a second: look again until the deadline
            }
        }
    }

    /// <summary>The action titled <paramref name="title"/> on <paramref name="card"/> (card-level or in an ActionSet).</summary>
    public static JsonNode? FindAction(JsonNode card, string title) => ConversationHost.FindAction(card, title);

    /// <summary>The case version the card carries (the "v" of its refresh action's or its buttons' data).</summary>
    public static long VersionOf(JsonNode card) =>
        ConversationHost.Actions(card).Prepend(card["refresh"]?["action"]).Select(a => (string?)a?["data"]?["v"]).Where(v => v is not null)
            .Select(v => long.Parse(v!, System.Globalization.CultureInfo.InvariantCulture)).First();

    public static string Json(JsonNode? node) => node?.ToJsonString() ?? string.Empty;

    private JsonObject Base(string type, string userId, string conversationId) =>
        ConversationHost.TeamsActivity(Connector.ServiceUrl, Interlocked.Increment(ref _activity), type, ConversationHost.Account(userId, "User " + userId[3..]), conversationId, group: false, platform: "Windows");

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await Connector.DisposeAsync();
        await _tokens.DisposeAsync();
        await _authority.DisposeAsync();
    }

    /// <summary>One instance: production settings with Storage:Provider=Postgres.</summary>
    private sealed class BotHost(FakeChannelAuthority authority, FakeTokenEndpoint tokens, string connectionString, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection> services) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            ConversationHost.UseFakeTeams(builder, authority, tokens);
            builder.UseSetting("Storage:Provider", "Postgres");
            builder.UseSetting("Storage:Postgres:ConnectionString", connectionString);
            builder.UseSetting("Tickets:Outbox:PollInterval", "00:00:00.200");
            builder.UseSetting("Tickets:CorrelationWindow", "00:00:00"); // one ticket per case: the reports here are unrelated users
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            // Loopback sites started by a test are probed on their own ports.
            builder.ConfigureServices(s =>
            {
                s.Configure<ProbesOptions>(o =>
                {
                    o.HttpAttempts = 3;
                    o.AllowedPorts = ConversationHost.AllowedPorts;
                });
                services(s);
            });
        }
    }
}
