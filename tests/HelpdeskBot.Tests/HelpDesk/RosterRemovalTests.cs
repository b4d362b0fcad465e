using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// The team is the help desk (no <c>Incidents:Agents</c>): who may stop a channel is read from the team's roster, which
/// is cached (<c>Incidents:RosterCacheFor</c>, 5 minutes). A member removed from the team loses the right at once: Teams'
/// <c>teamMemberRemoved</c> drops the cached roster and the next check reads it again.
/// </summary>
public sealed class RosterRemovalTests : IAsyncLifetime
{
    private const string StopRefused = "Only a member of this channel's team can stop its escalations.";

    private ConversationHost _host = null!;
    private HelpdeskTeam _team = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync();
        _team = await HelpdeskTeam.StartAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _team.DisposeAsync();
        await _host.DisposeAsync();
    }

    private int RosterReads => _team.Requests(r => r.Method == "GET" && r.Path.StartsWith($"/v3/conversations/{HelpdeskTeam.TeamId}/pagedmembers", StringComparison.Ordinal)).Count;

    [Fact]
    public async Task A_member_removed_from_the_team_can_no_longer_stop_its_channel_though_the_roster_was_cached()
    {
        // Megan Bowen connects Escalations; Lee Gu's stop is refused, which reads the roster (Megan on it) into the cache.
        await _team.MentionAsync("use this channel for escalations", HelpdeskTeam.EscalationsChannel + ";messageid=1700000000001");
        await _host.WaitForCardAsync("✅ Connected");
        await _team.MentionAsync("stop escalations here", HelpdeskTeam.EscalationsChannel + ";messageid=1700000000002", HelpdeskTeam.OutsiderId, "Lee Gu");
        await _team.WaitUntilAsync(rs => rs.Count(r => r.Text == StopRefused) == 1, "the refusal of an outsider's stop");
        var reads = RosterReads;
        Assert.True(reads > 0, "the roster was never read");

        // Megan is removed from the team: the roster no longer lists her, and Teams tells the bot.
        _host.Connector.SetRoster(HelpdeskTeam.TeamId, ("29:agent-two", "Lynne Robbins", "aad-agent-two"));
        using var removed = await _host.PostAsync(MemberRemoved(HelpdeskTeam.AgentId, "aad-agent-megan"));

        // Her stop, well within the cache's 5 minutes, is refused after the roster is read again; the channel stays.
        await _team.MentionAsync("stop escalations here", HelpdeskTeam.EscalationsChannel + ";messageid=1700000000003");
        await _team.WaitUntilAsync(rs => rs.Count(r => r.Text == StopRefused) == 2, "the refusal of a removed member's stop");
        Assert.Equal(reads + 1, RosterReads);
        Assert.Contains(await _host.Services.GetRequiredService<IHelpdeskStore>().ListChannelsAsync(default), c => c.ChannelId == HelpdeskTeam.EscalationsChannel);
    }

    /// <summary>
    /// conversationUpdate "teamMemberRemoved" for <see cref="HelpdeskTeam.TeamId"/>: the captured "teamMemberAdded" payload
    /// (tests/payloads/conversationupdate-team-member-added-user.json) with <c>membersRemoved</c> and the eventType Teams
    /// sends when a member is removed (msteams-docs, subscribe-to-conversation-events, "Team members removed").
    /// </summary>
    private JsonObject MemberRemoved(string id, string aadObjectId)
    {
        var a = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "payloads", "conversationupdate-team-member-added-user.json")))!.AsObject();
        a.Remove("membersAdded");
        a["membersRemoved"] = new JsonArray(new JsonObject { ["id"] = id, ["aadObjectId"] = aadObjectId });
        a["serviceUrl"] = _host.Connector.ServiceUrl;
        a["recipient"] = new JsonObject { ["id"] = ConversationHost.BotId, ["name"] = "HelpdeskBot" };
        a["conversation"]!["id"] = HelpdeskTeam.TeamId;
        a["conversation"]!["tenantId"] = "tenant-1";
        a["channelData"]!["team"]!["id"] = HelpdeskTeam.TeamId;
        a["channelData"]!["tenant"]!["id"] = "tenant-1";
        a["channelData"]!["eventType"] = "teamMemberRemoved";
        return a;
    }
}
