using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// <c>Incidents:Agents</c> set: the connected channel's card says who may act (not "the members of this team"), and
/// only the listed agents can, even though every member of the team is on its roster.
/// </summary>
public sealed class HelpdeskAgentsTests : IAsyncLifetime
{
    private ConversationHost _host = null!;
    private HelpdeskTeam _team = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Incidents:CardDebounce"] = "00:00:00.200",
            // Lynne Robbins only; Megan Bowen is on the team's roster but not listed.
            ["Incidents:Agents:0"] = "aad-agent-two",
        });
        _team = await HelpdeskTeam.StartAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _team.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Connected_card_names_the_configured_agents_and_only_they_can_act()
    {
        await _team.MentionAsync("use this channel for escalations", HelpdeskTeam.EscalationsChannel + ";messageid=1700000000001", "29:agent-two", "Lynne Robbins");
        var (connected, _, _) = await _host.WaitForCardAsync("Connected");
        var said = ConversationHost.Json(connected);
        Assert.Contains("Only the agents named in the bot's settings (Incidents:Agents) can act on the cards.", said, StringComparison.Ordinal);
        Assert.DoesNotContain("members of this team are the help desk", said, StringComparison.Ordinal);

        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", "a:personal-alex");
        // The incident card starts its thread once the escalation has its ticket (the outbox runs in the background).
        static bool IsThreadStart(ConnectorRequest r) => r is { Method: "POST", Path: "/v3/conversations" } && (bool?)r.Body?["isGroup"] == true;
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStart(r) && ConversationHost.Json(r.Body).Contains("Take it", StringComparison.Ordinal)), "the incident card");
        var card = _team.Requests(IsThreadStart)[0].Body!["activity"]!["attachments"]![0]!["content"]!;
        _host.Record(card);

        var refused = await _team.ClickAsync(card, "Take it", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Only the help desk can do this", ConversationHost.Json(refused), StringComparison.Ordinal);
        Assert.Contains("New: nobody has taken it yet", ConversationHost.Json(refused), StringComparison.Ordinal);

        var taken = await _team.ClickAsync(card, "Take it", HelpdeskTeam.EscalationsChannel, "29:agent-two", "Lynne Robbins");
        Assert.Contains("Taken by Lynne Robbins", ConversationHost.Json(taken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_listed_agent_connects_or_stops_a_channel_by_command_or_button()
    {
        const string OnlyListed = "Only the agents named in the bot's settings (Incidents:Agents) can connect or stop a channel.";
        bool Refusal(ConnectorRequest r) => r.Text == OnlyListed;

        // Megan Bowen is a member of the team but not listed: her command connects nothing.
        await _team.MentionAsync("use this channel for escalations", HelpdeskTeam.EscalationsChannel + ";messageid=1700000000001");
        await _team.WaitUntilAsync(rs => rs.Any(Refusal), "the refusal of an unlisted member's connect");
        await _team.MentionAsync("which channels are connected?", HelpdeskTeam.EscalationsChannel + ";messageid=1700000000002", "29:agent-two", "Lynne Robbins");
        var (none, _, _) = await _host.WaitForCardAsync("No channel is connected");
        Assert.DoesNotContain("Escalations", ConversationHost.Json(none), StringComparison.Ordinal);

        // Nor does her click on the welcome card's button: the card comes back saying who can.
        await _team.AddBotToTeamAsync();
        var (welcome, _, _) = await _host.WaitForCardAsync("Use this channel for escalations");
        var refused = await _team.ClickAsync(welcome, "Use this channel for escalations", HelpdeskTeam.EscalationsChannel);
        Assert.Contains(ConversationHost.InJson(OnlyListed), ConversationHost.Json(refused), StringComparison.Ordinal);
        Assert.DoesNotContain("✅ Connected", ConversationHost.Json(refused), StringComparison.Ordinal);

        // The listed agent connects; Megan cannot stop the channel, which goes on taking the escalations.
        var connected = await _team.ClickAsync(welcome, "Use this channel for escalations", HelpdeskTeam.EscalationsChannel, "29:agent-two", "Lynne Robbins");
        Assert.Contains("✅ Connected", ConversationHost.Json(connected), StringComparison.Ordinal);
        await _team.MentionAsync("stop escalations here", HelpdeskTeam.EscalationsChannel + ";messageid=1700000000003");
        await _team.WaitUntilAsync(rs => rs.Count(Refusal) == 2, "the refusal of an unlisted member's stop");
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", "a:personal-alex");
        await _team.WaitUntilAsync(
            rs => rs.Any(r => r is { Method: "POST", Path: "/v3/conversations" } && (string?)r.Body?["channelData"]?["channel"]?["id"] == HelpdeskTeam.EscalationsChannel),
            "the incident card in the channel Megan tried to stop");
    }
}
