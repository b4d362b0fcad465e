using System.Text.Json.Nodes;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// A help-desk team in the fake Teams around a <see cref="ConversationHost"/>: the team's General channel, its
/// escalations channel, an agent on the roster (paged members) and an outsider; activities in those channels as
/// Teams sends them (channelData.team / channel), and a loopback site that fails or works on demand.
/// </summary>
internal sealed class HelpdeskTeam : IAsyncDisposable
{
    public const string TeamId = "19:team-general@thread.tacv2";
    public const string EscalationsChannel = "19:escalations@thread.tacv2";
    public const string AgentId = "29:agent-megan";
    public const string AgentName = "Megan Bowen";
    public const string OutsiderId = "29:outsider-lee";

    private readonly LoopbackServer _site;
    private int _sequence = 1000;

    private HelpdeskTeam(ConversationHost host, LoopbackServer site)
    {
        Host = host;
        _site = site;
        host.Connector.SetRoster(TeamId, (AgentId, AgentName, "aad-agent-megan"), ("29:agent-two", "Lynne Robbins", "aad-agent-two"));
    }

    public ConversationHost Host { get; }

    /// <summary>While true the site answers 502 from nginx, else 200.</summary>
    public bool Failing { get; set; } = true;

    public string SiteUrl => _site.BaseAddress.ToString();

    public static async Task<HelpdeskTeam> StartAsync(ConversationHost host)
    {
        HelpdeskTeam? team = null;
        var site = await StartSiteAsync(() => team!.Failing);
        team = new HelpdeskTeam(host, site);
        return team;
    }

    /// <summary>A loopback site (allowed to the probes) that answers 502 from nginx while <paramref name="failing"/>, else 200.</summary>
    public static async Task<LoopbackServer> StartSiteAsync(Func<bool> failing)
    {
        var site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.Headers.Server = "nginx/1.22.1";
            if (failing())
            {
                ctx.Response.StatusCode = 502;
                await ctx.Response.WriteAsync("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.22.1</center></body></html>");
            }
            else
            {
                await ctx.Response.WriteAsync("<html><head><title>Wiki</title></head><body>ok</body></html>");
            }
        }));
        ConversationHost.AllowPort(site.Port);
        return site;
    }

    /// <summary>An activity in a channel of the team, from <paramref name="userId"/>.</summary>
    public JsonObject InChannel(string type, string conversationId, string userId = AgentId, string userName = AgentName) =>
        ChannelActivity(Host.Connector.ServiceUrl, Interlocked.Increment(ref _sequence), type, conversationId, userId, userName);

    /// <summary>An activity in a channel of the team (channelData.team / channel), as Teams sends it.</summary>
    public static JsonObject ChannelActivity(string serviceUrl, int sequence, string type, string conversationId, string userId = AgentId, string userName = AgentName)
    {
        var a = ConversationHost.TeamsActivity(serviceUrl, sequence, type, ConversationHost.Account(userId, userName), conversationId, group: true, "Web");
        a["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = "tenant-1" };
        a["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = "tenant-1" },
            ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Help desk" },
            ["channel"] = new JsonObject { ["id"] = conversationId.Split(';')[0], ["name"] = conversationId.StartsWith(EscalationsChannel, StringComparison.Ordinal) ? "Escalations" : "General" },
        };
        return a;
    }

    /// <summary>conversationUpdate: the bot was added to the team (as in conversationupdate-bot-added-to-team.json).</summary>
    /// <param name="locale">The installing user's Teams locale on the activity; none when null.</param>
    public async Task AddBotToTeamAsync(string? locale = null)
    {
        var a = InChannel("conversationUpdate", TeamId);
        if (locale is not null)
        {
            a["locale"] = locale;
        }

        a["membersAdded"] = new JsonArray(new JsonObject { ["id"] = ConversationHost.BotId });
        a["channelData"]!["eventType"] = "teamMemberAdded";
        using var _ = await Host.PostAsync(a);
    }

    /// <summary>"@HelpdeskBot {text}" in <paramref name="conversationId"/>, from <paramref name="userId"/>.</summary>
    public async Task MentionAsync(string text, string conversationId, string userId = AgentId, string userName = AgentName)
    {
        using var _ = await Host.PostAsync(Mention(InChannel("message", conversationId, userId, userName), text));
    }

    /// <summary>Makes <paramref name="message"/> "@HelpdeskBot {text}" (text and mention entity).</summary>
    public static JsonObject Mention(JsonObject message, string text)
    {
        message["text"] = $"<at>HelpdeskBot</at> {text}";
        message["entities"]!.AsArray().Add(new JsonObject { ["type"] = "mention", ["text"] = "<at>HelpdeskBot</at>", ["mentioned"] = new JsonObject { ["id"] = ConversationHost.BotId, ["name"] = "HelpdeskBot" } });
        return message;
    }

    /// <summary>Clicks <paramref name="title"/> on a card in a channel; returns the card Teams would show instead.</summary>
    public async Task<JsonNode> ClickAsync(JsonNode card, string title, string conversationId, string userId = AgentId, string userName = AgentName, JsonObject? inputs = null)
    {
        var action = ConversationHost.FindAction(card, title) ?? throw new Xunit.Sdk.XunitException($"No action '{title}' on card:\n{ConversationHost.Json(card)}");
        var invoke = ConversationHost.Click(InChannel("invoke", conversationId, userId, userName), action, "1");
        foreach (var (key, value) in inputs ?? [])
        {
            // Teams sends the inputs in the action's data, which a card may leave out when it has none of its own.
            invoke["value"]!["action"]!["data"] ??= new JsonObject();
            invoke["value"]!["action"]!["data"]![key] = value?.DeepClone();
        }

        using var response = await Host.PostAsync(invoke);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        Host.Record(body["value"]!);
        return body["value"]!;
    }

    /// <summary>Requests to the connector so far that match.</summary>
    public IReadOnlyList<ConnectorRequest> Requests(Func<ConnectorRequest, bool> match) => Host.Connector.Requests.Where(match).ToList();

    /// <summary>Waits (bounded, real time) until <paramref name="done"/> holds for the requests.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<ConnectorRequest>, bool> done, string what, TimeSpan? quiet = null)
    {
        while (true)
        {
            // Counted before the check: a request arriving between the check and the count would otherwise be waited
            // past (the wait would ask for one more than it), and a condition already met would time out.
            var seen = Host.Connector.Requests.Count;
            if (done(Host.Connector.Requests))
            {
                return;
            }

            try
            {
                await Host.Connector.WaitForRequestsAsync(seen + 1, quiet ?? TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}. Requests:\n" + string.Join('\n', Host.Connector.Requests.Select(r => $"{r.Method} {r.Path} {r.Status} {r.Text} {ConversationHost.Json(r.Body)[..Math.Min(300, ConversationHost.Json(r.Body).Length)]}")));
            }
        }
    }

    public async ValueTask DisposeAsync() => await _site.DisposeAsync();
}
