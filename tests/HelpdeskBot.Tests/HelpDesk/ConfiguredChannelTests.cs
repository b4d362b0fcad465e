using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using HelpdeskBot.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// <c>Tickets:HelpdeskChannel</c> is the desk that is already there: only a member of its team (read through the paged
/// members API by its conversation id) moves its escalations to a channel connected from Teams, a roster Teams does not
/// give refuses, and once it is deleted in Teams (the first send that finds out marks it gone; routing skips it from then
/// on, no incident claims the help desk was told, /health/ready says so) nobody may connect one until whoever runs the
/// bot changes the settings.
/// </summary>
public sealed class ConfiguredChannelTests : IAsyncLifetime
{
    private const string Configured = "19:configured-desk@thread.tacv2";
    private const string LeeChannel = "19:lee-sales@thread.tacv2";
    private const string MoveRefused = "These escalations go to the help desk's channel set in the bot's settings (Tickets:HelpdeskChannel); only a member of that channel's team can move them. Whoever runs the bot can also name the agents who may, in Incidents:Agents.";
    private const string GoneRefused = "The help desk's channel set in the bot's settings (Tickets:HelpdeskChannel) no longer exists in Teams, so its team cannot be asked who may replace it, and nothing changed. Whoever runs the bot sets the new channel there, or names the agents who may connect one in Incidents:Agents.";
    private const string RosterUnread = "Teams did not say just now who is in the team of the channel set in Tickets:HelpdeskChannel, so nothing changed; try again in a moment.";

    private readonly Dictionary<string, string?> _settings = new() { ["Incidents:CardDebounce"] = "00:00:00.200" };

    private ConversationHost _host = null!;
    private HelpdeskTeam _team = null!;
    private string? _connectorUrl;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(
            settings: _settings,
            services: s => s.PostConfigure<TicketsOptions>(o => o.HelpdeskChannel = new HelpdeskChannelOptions { ServiceUrl = _connectorUrl, ConversationId = Configured, TenantId = "tenant-1" }));
        _connectorUrl = _host.Connector.ServiceUrl;
        _team = await HelpdeskTeam.StartAsync(_host);
        // The configured desk's team: Megan Bowen only (Lee Gu is in no help-desk team).
        _host.Connector.SetRoster(Configured, (HelpdeskTeam.AgentId, HelpdeskTeam.AgentName, "aad-agent-megan"));
    }

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _team.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static bool IsThreadStartIn(ConnectorRequest r, string channel) =>
        r is { Method: "POST", Path: "/v3/conversations" } && (string?)r.Body?["channelData"]?["channel"]?["id"] == channel;

    [Fact]
    public async Task A_deleted_configured_channel_is_skipped_from_then_on_and_readiness_says_degraded()
    {
        Assert.Equal("Healthy", await _host.ReadyAsync());
        _host.Connector.Delete(Configured);

        // The first incident finds out: the channel is marked gone, and with no other channel the incident has none.
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", "a:personal-alex");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, Configured) && r.Status == 404), "the configured channel answering 404");
        // Marked gone by the send that met the 404, right after its answer: the wait is bounded like the others (30 s),
        // not by 200 polls of 50 ms.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30), TimeProvider.System);
        while (await _host.ReadyAsync() != "Degraded" && !deadline.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        Assert.Equal("Degraded", await _host.ReadyAsync());

        // Another report joins the incident: nothing is posted into the deleted channel again.
        await _host.SayAsync($"bad gateway on {_team.SiteUrl}", "29:bea", "Bea Lopez", "a:personal-bea");
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Path.StartsWith("/v3/conversations/a:personal-bea/", StringComparison.Ordinal) && ConversationHost.Json(r.Card).Contains("2 people", StringComparison.Ordinal)), "Bea's card with the incident");
        Assert.Single(_team.Requests(r => IsThreadStartIn(r, Configured)));

        // Its team cannot be asked any more: Megan Bowen's connect is refused, and says who can change that.
        await _team.MentionAsync("use this channel for escalations", HelpdeskTeam.EscalationsChannel + ";messageid=1700000000001");
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Text == GoneRefused), "the refusal while the configured channel is gone");
        Assert.Empty(await _host.Services.GetRequiredService<IHelpdeskStore>().ListChannelsAsync(default));

        // Whoever runs the bot names her an agent (a restart): a channel connected from Teams takes the incidents from now on.
        _settings["Incidents:Agents:0"] = "aad-agent-megan";
        await _host.RestartAsync();
        await _team.MentionAsync("use this channel for escalations", HelpdeskTeam.EscalationsChannel);
        await _host.SayAsync($"still 502 on {_team.SiteUrl}", "29:cem", "Cem Aydin", "a:personal-cem");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, HelpdeskTeam.EscalationsChannel) && r.Succeeded && ConversationHost.Json(r.Body).Contains("3 people", StringComparison.Ordinal)), "the incident in the connected channel");
        Assert.Single(_team.Requests(r => IsThreadStartIn(r, Configured)));
        _host.Record(_team.Requests(r => IsThreadStartIn(r, HelpdeskTeam.EscalationsChannel) && r.Succeeded)[^1].Body!["activity"]!["attachments"]![0]!["content"]!);

        // The card parked by the deleted channel went out in the connected one: nothing is left undelivered.
        var rows = await _host.Services.GetRequiredService<IDeliveryStore>().CountByStateAsync(default);
        Assert.Equal(0, rows.GetValueOrDefault(DeliveryState.Parked));
    }

    [Fact]
    public async Task Only_a_member_of_the_configured_channels_team_moves_its_escalations_to_a_channel_connected_from_teams()
    {
        // Lee Gu, who added the bot to his own team, can neither connect his channel (command or button) nor take one
        // owning team's escalations there: every one of them goes to the configured desk.
        await _team.MentionAsync("use this channel for escalations", LeeChannel + ";messageid=1700000000001", HelpdeskTeam.OutsiderId, "Lee Gu");
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Text == MoveRefused), "the refusal of Lee's connect");
        await _team.AddBotToTeamAsync();
        var (welcome, _, _) = await _host.WaitForCardAsync("Use this channel for escalations");
        var refused = ConversationHost.Json(await _team.ClickAsync(welcome, "Use this channel for escalations", LeeChannel, HelpdeskTeam.OutsiderId, "Lee Gu"));
        Assert.Contains(ConversationHost.InJson(MoveRefused), refused, StringComparison.Ordinal);
        Assert.DoesNotContain("✅ Connected", refused, StringComparison.Ordinal);
        Assert.Empty(await _host.Services.GetRequiredService<IHelpdeskStore>().ListChannelsAsync(default));

        // The next escalation's card goes to the configured desk, none to Lee's channel.
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", "a:personal-alex");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, Configured) && r.Succeeded), "the incident card in the configured channel");
        Assert.Empty(_team.Requests(r => IsThreadStartIn(r, LeeChannel)));

        // Megan Bowen, a member of the configured desk's team, moves them.
        await _team.MentionAsync("use this channel for escalations", HelpdeskTeam.EscalationsChannel + ";messageid=1700000000002");
        await _host.WaitForCardAsync("✅ Connected");
        Assert.Equal(HelpdeskTeam.EscalationsChannel, Assert.Single(await _host.Services.GetRequiredService<IHelpdeskStore>().ListChannelsAsync(default)).ChannelId);
    }

    [Fact]
    public async Task A_roster_Teams_does_not_give_refuses_the_connect_and_says_so()
    {
        // Megan Bowen is a member, but Teams answers the members request with an error: nobody is let in on it.
        await _team.AddBotToTeamAsync();
        var (welcome, _, _) = await _host.WaitForCardAsync("Use this channel for escalations");
        _host.Connector.FailRoster(Configured, 403);
        var refused = ConversationHost.Json(await _team.ClickAsync(welcome, "Use this channel for escalations", HelpdeskTeam.EscalationsChannel));
        Assert.Contains(ConversationHost.InJson(RosterUnread), refused, StringComparison.Ordinal);
        Assert.DoesNotContain("✅ Connected", refused, StringComparison.Ordinal);
        Assert.Single(_team.Requests(r => r.Path.StartsWith($"/v3/conversations/{Configured}/pagedmembers", StringComparison.Ordinal) && r.Status == 403));
        Assert.Empty(await _host.Services.GetRequiredService<IHelpdeskStore>().ListChannelsAsync(default));

        // Once Teams answers, the same click connects.
        _host.Connector.RecoverRoster(Configured);
        var connected = ConversationHost.Json(await _team.ClickAsync(welcome, "Use this channel for escalations", HelpdeskTeam.EscalationsChannel));
        Assert.Contains("✅ Connected", connected, StringComparison.Ordinal);
    }
}
