using System.Net;
using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// Several help-desk channels connected from Teams, each for an owning team of the service catalogue (or for every
/// team), through /api/messages; and an incident's thread or channel deleted in Teams while its card lives there.
/// </summary>
public sealed class ChannelRoutingTests : IAsyncLifetime
{
    private const string CollabChannel = "19:collab-desk@thread.tacv2";
    private const string CollabChannelName = "Collab desk";

    private readonly StoppingStore.Switch _stop = new();
    private ConversationHost _host = null!;
    private HelpdeskTeam _team = null!;
    private LoopbackServer _collabSite = null!;
    private string _catalogue = null!;

    public async ValueTask InitializeAsync()
    {
        // The Collaboration team owns the site on 127.0.0.2; the team's other site (127.0.0.1) is in no catalogue entry.
        _collabSite = await LoopbackServer.StartAsync(
            app => app.Run(async ctx =>
            {
                ctx.Response.StatusCode = 502;
                ctx.Response.Headers.Server = "nginx/1.22.1";
                await ctx.Response.WriteAsync("<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>");
            }),
            address: IPAddress.Parse("127.0.0.2"));
        ConversationHost.AllowPort(_collabSite.Port);
        _catalogue = Path.Combine(Path.GetTempPath(), $"hb-routing-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(_catalogue, """
            services:
              - name: Team wiki
                aliases: [team wiki]
                host: 127.0.0.2
                owningTeam: Collaboration
              - name: Expenses
                aliases: [expenses]
                host: expenses.contoso.com
                owningTeam: Finance Systems
            """);
        _host = await ConversationHost.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Incidents:CardDebounce"] = "00:00:00.200",
                ["Catalog:Path"] = _catalogue,
            },
            services: services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(IHelpdeskStore));
                services.Replace(ServiceDescriptor.Singleton<IHelpdeskStore>(sp => StoppingStore.Wrap((IHelpdeskStore)original.ImplementationFactory!(sp), _stop)));
            });
        _team = await HelpdeskTeam.StartAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _team.DisposeAsync();
        await _host.DisposeAsync();
        await _collabSite.DisposeAsync();
        File.Delete(_catalogue);
    }

    private static string Text(JsonNode? node) => ConversationHost.Json(node);

    private static bool IsThreadStartIn(ConnectorRequest r, string channel) =>
        r is { Method: "POST", Path: "/v3/conversations", Succeeded: true } && (string?)r.Body?["channelData"]?["channel"]?["id"] == channel;

    /// <summary>"@HelpdeskBot {text}" in <paramref name="channelId"/> (named <paramref name="channelName"/>); returns the bot's answer there.</summary>
    private async Task<ConnectorRequest> AskAsync(string text, string channelId, string channelName, string userId = HelpdeskTeam.AgentId, string userName = HelpdeskTeam.AgentName)
    {
        var seen = _host.Connector.Requests.Count;
        var message = HelpdeskTeam.Mention(_team.InChannel("message", channelId, userId, userName), text);
        message["channelData"]!["channel"]!["name"] = channelName;
        using (await _host.PostAsync(message))
        {
        }

        // A reply to the message (…/activities/{replyToId}).
        bool IsAnswer(ConnectorRequest r) => r.Method == "POST" && r.Path.StartsWith($"/v3/conversations/{channelId}/activities/", StringComparison.Ordinal) && r.Text is null != r.Card is null;
        await _team.WaitUntilAsync(rs => rs.Skip(seen).Any(IsAnswer), "the answer in " + channelName);
        var answer = _host.Connector.Requests.Skip(seen).First(IsAnswer);
        if (answer.Card is { } card)
        {
            _host.Record(card);
        }

        return answer;
    }

    [Fact]
    public async Task An_owning_teams_escalations_are_moved_or_stopped_only_by_a_member_of_their_channels_team()
    {
        await AskAsync("use this channel for escalations of Collaboration", CollabChannel, CollabChannelName);

        // Lee Gu is not on the team's roster: nothing moves, nothing stops.
        var moved = await AskAsync("use this channel for escalations of Collaboration", "19:lee-sales@thread.tacv2", "Sales", HelpdeskTeam.OutsiderId, "Lee Gu");
        Assert.Equal("Escalations of Collaboration go to Help desk › Collab desk; only a member of that team can move them.", moved.Text);
        var stopped = await AskAsync("stop escalations of Collaboration here", CollabChannel, CollabChannelName, HelpdeskTeam.OutsiderId, "Lee Gu");
        Assert.Equal("Only a member of this channel's team can stop its escalations.", stopped.Text);
        var routes = Text((await AskAsync("which channels are connected?", CollabChannel, CollabChannelName)).Card);
        Assert.Contains("""{"title":"Collaboration","value":"Collab desk"}""", routes, StringComparison.Ordinal);
        Assert.DoesNotContain("Sales", routes, StringComparison.Ordinal);
    }

    private async Task ConnectBothAsync()
    {
        // Every team's escalations: the Escalations channel, from the welcome card's choice.
        await _team.AddBotToTeamAsync();
        var (welcome, _, _) = await _host.WaitForCardAsync("Use this channel for escalations");
        Assert.Contains("Escalations of Collaboration", Text(welcome), StringComparison.Ordinal);
        Assert.Contains("Escalations of Finance Systems", Text(welcome), StringComparison.Ordinal);
        var all = await _team.ClickAsync(welcome, "Use this channel for escalations", HelpdeskTeam.EscalationsChannel, inputs: new JsonObject { ["owningTeam"] = "*" });
        Assert.Contains("Connected: escalations now come to Escalations", Text(all), StringComparison.Ordinal);

        // The Collaboration team's: its own channel, by the command, in any spelling of the catalogue's team.
        var collab = await AskAsync("use this channel for escalations of collaboration", CollabChannel, CollabChannelName);
        var card = Text(collab.Card);
        Assert.Contains($"Connected: escalations of Collaboration now come to {CollabChannelName}", card, StringComparison.Ordinal);
        Assert.Contains("""{"title":"Collaboration","value":"Collab desk"}""", card, StringComparison.Ordinal);
        Assert.Contains("""{"title":"Every other team","value":"Escalations"}""", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalations_go_to_the_channel_of_their_catalogue_owning_team_else_to_the_default_one()
    {
        await ConnectBothAsync();

        // A team the catalogue does not know: told which teams it has, and nothing changes.
        var unknown = await AskAsync("use this channel for escalations of \"Payroll people\".", "19:payroll@thread.tacv2", "Payroll");
        Assert.Contains("The service catalogue has no owning team \"Payroll people\", so nothing changed. Its teams are: Collaboration, Finance Systems.", unknown.Text, StringComparison.Ordinal);
        var routes = await AskAsync("which channels are connected?", "19:payroll@thread.tacv2", "Payroll");
        var facts = Text(routes.Card);
        Assert.Contains("""{"title":"Collaboration","value":"Collab desk"}""", facts, StringComparison.Ordinal);
        Assert.Contains("""{"title":"Every other team","value":"Escalations"}""", facts, StringComparison.Ordinal);
        Assert.DoesNotContain("Payroll", facts, StringComparison.Ordinal);

        // The Collaboration team's site: its incident starts a thread in Collab desk; the other site's in Escalations.
        await _host.SayAsync($"I'm getting a 502 on http://127.0.0.2:{_collabSite.Port}/", "29:alex", "Alex Wilber", "a:personal-alex");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, CollabChannel)), "the Collaboration incident's thread");
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:bea", "Bea Lopez", "a:personal-bea");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, HelpdeskTeam.EscalationsChannel)), "the other incident's thread");
        var collab = Assert.Single(_team.Requests(r => IsThreadStartIn(r, CollabChannel)));
        Assert.Contains("127.0.0.2", Text(collab.Body), StringComparison.Ordinal);
        Assert.Contains("Alex Wilber", Text(collab.Body), StringComparison.Ordinal);
        var other = Assert.Single(_team.Requests(r => IsThreadStartIn(r, HelpdeskTeam.EscalationsChannel)));
        Assert.Contains("Bea Lopez", Text(other.Body), StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.2", Text(other.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_thread_gets_a_new_one_a_deleted_channel_hands_over_to_the_default_and_the_last_one_is_announced()
    {
        await ConnectBothAsync();
        var site = $"http://127.0.0.2:{_collabSite.Port}/";
        await _host.SayAsync($"I'm getting a 502 on {site}", "29:alex", "Alex Wilber", "a:personal-alex");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, CollabChannel) && Text(r.Body).Contains("1 person", StringComparison.Ordinal)), "the first thread");

        // The thread is deleted in Teams; the next change of the card starts a new thread in the same channel.
        var created = _host.Connector.Requests.First(r => IsThreadStartIn(r, CollabChannel)).ResponseId!;
        _host.Connector.Delete($"{CollabChannel};messageid={created}");
        await _host.SayAsync($"bad gateway on {site}", "29:bea", "Bea Lopez", "a:personal-bea");
        await _team.WaitUntilAsync(rs => rs.Count(r => IsThreadStartIn(r, CollabChannel)) == 2 && Text(rs.Last(r => IsThreadStartIn(r, CollabChannel)).Body).Contains("2 people", StringComparison.Ordinal), "a new thread with the card");
        Assert.Contains(_team.Requests(r => r.Status == 404), r => r.Path.StartsWith($"/v3/conversations/{CollabChannel};messageid={created}", StringComparison.Ordinal));

        // The whole channel is deleted: the channel is disconnected and the incident goes to the default channel.
        _host.Connector.Delete(CollabChannel);
        await _host.SayAsync($"still 502 on {site}", "29:cem", "Cem Aydin", "a:personal-cem");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, HelpdeskTeam.EscalationsChannel) && Text(r.Body).Contains("3 people", StringComparison.Ordinal)), "the card in the default channel");
        var routes = Text((await AskAsync("which channels are connected?", HelpdeskTeam.EscalationsChannel, "Escalations")).Card);
        Assert.DoesNotContain(CollabChannelName, routes, StringComparison.Ordinal);
        Assert.Contains("""{"title":"Every team","value":"Escalations"}""", routes, StringComparison.Ordinal);
        // The default channel is told once that the Collaboration team's escalations come there now; that notice is sent
        // before the default channel goes too (on a slow machine it could still be queued, and would park beside the card).
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Path == $"/v3/conversations/{HelpdeskTeam.EscalationsChannel}/activities" && r.Status < 300 && (r.Text ?? string.Empty).StartsWith("From now on", StringComparison.Ordinal)), "the notice that the Collaboration team's escalations moved");

        // The last channel is deleted too: nowhere to go, so General hears it, and nothing is left parked unsaid.
        _host.Connector.Delete(HelpdeskTeam.EscalationsChannel);
        await _host.SayAsync($"502 again on {site}", "29:dana", "Dana Kim", "a:personal-dana");
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Path == $"/v3/conversations/{HelpdeskTeam.TeamId}/activities" && (r.Text ?? string.Empty).Contains("where escalations came, no longer exists", StringComparison.Ordinal)), "the notice in General");
        var notice = _team.Requests(r => r.Path == $"/v3/conversations/{HelpdeskTeam.TeamId}/activities" && (r.Text ?? string.Empty).Contains("no longer exists", StringComparison.Ordinal));
        Assert.Single(notice);
        Assert.Contains("The channel Escalations, where escalations came, no longer exists, and no other channel is connected", notice[0].Text, StringComparison.Ordinal);
        var none = Text((await AskAsync("which channels are connected?", HelpdeskTeam.TeamId, "General")).Card);
        Assert.Contains("No channel is connected", none, StringComparison.Ordinal);
        var parked = await _host.Services.GetRequiredService<IDeliveryStore>().CountByStateAsync(default);
        Assert.Equal(1, parked.GetValueOrDefault(DeliveryState.Parked));
    }

    /// <summary>Teams' conversationUpdate about a channel of the team (as in msteams-docs' channelDeleted/channelRenamed: sent in General).</summary>
    private async Task ChannelEventAsync(string eventType, string channelId, string channelName, string tenant = "tenant-1")
    {
        var update = _team.InChannel("conversationUpdate", HelpdeskTeam.TeamId);
        update["channelData"] = new JsonObject
        {
            ["channel"] = new JsonObject { ["id"] = channelId, ["name"] = channelName },
            ["team"] = new JsonObject { ["id"] = HelpdeskTeam.TeamId },
            ["eventType"] = eventType,
            ["tenant"] = new JsonObject { ["id"] = tenant },
        };
        update["conversation"]!["tenantId"] = tenant;
        using var response = await _host.PostAsync(update);
        Assert.True(response.IsSuccessStatusCode, $"{eventType}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Teams_deleting_a_connected_channel_moves_its_incident_at_once_a_rename_is_shown_and_another_tenants_event_changes_nothing()
    {
        await ConnectBothAsync();
        await _host.SayAsync($"I'm getting a 502 on http://127.0.0.2:{_collabSite.Port}/", "29:alex", "Alex Wilber", "a:personal-alex");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, CollabChannel)), "the incident's thread in Collab desk");

        // Renamed in Teams: "which channels are connected?" shows the new name.
        await ChannelEventAsync("channelRenamed", CollabChannel, "Collab escalations");
        var renamed = Text((await AskAsync("which channels are connected?", HelpdeskTeam.EscalationsChannel, "Escalations")).Card);
        Assert.Contains("""{"title":"Collaboration","value":"Collab escalations"}""", renamed, StringComparison.Ordinal);

        // The same events from another tenant are not trusted: nothing changes.
        await ChannelEventAsync("channelRenamed", CollabChannel, "Hijacked", tenant: "tenant-other");
        await ChannelEventAsync("channelDeleted", CollabChannel, "Collab escalations", tenant: "tenant-other");
        var unchanged = Text((await AskAsync("which channels are connected?", HelpdeskTeam.EscalationsChannel, "Escalations")).Card);
        Assert.Contains("""{"title":"Collaboration","value":"Collab escalations"}""", unchanged, StringComparison.Ordinal);
        Assert.DoesNotContain("Hijacked", unchanged, StringComparison.Ordinal);

        // Deleted in Teams: disconnected at once, and the open incident's card starts a thread in the channel it routes
        // to now, with no report or send needed to find out.
        _host.Connector.Delete(CollabChannel);
        var before = _host.Connector.Requests.Count;
        await ChannelEventAsync("channelDeleted", CollabChannel, "Collab escalations");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, HelpdeskTeam.EscalationsChannel) && Text(r.Body).Contains("Alex Wilber", StringComparison.Ordinal)), "the card moved to Escalations");
        Assert.DoesNotContain(_host.Connector.Requests.Skip(before), r => r.Path.Contains(CollabChannel, StringComparison.Ordinal) || (string?)r.Body?["channelData"]?["channel"]?["id"] == CollabChannel);
        var routes = Text((await AskAsync("which channels are connected?", HelpdeskTeam.EscalationsChannel, "Escalations")).Card);
        Assert.DoesNotContain("Collab", routes, StringComparison.Ordinal);
        Assert.Contains("""{"title":"Every team","value":"Escalations"}""", routes, StringComparison.Ordinal);

        // Escalations, where the Collaboration team's escalations go now, is told so once.
        bool IsMoved(ConnectorRequest r) => r.Path == $"/v3/conversations/{HelpdeskTeam.EscalationsChannel}/activities" && (r.Text ?? string.Empty).StartsWith("From now on", StringComparison.Ordinal);
        await _team.WaitUntilAsync(rs => rs.Any(IsMoved), "the notice in Escalations");
        Assert.Equal("From now on escalations of Collaboration come to this channel: Collab escalations, where they came before, was deleted or its team archived.", Assert.Single(_team.Requests(IsMoved)).Text);
    }

    /// <summary>
    /// Teams' conversationUpdate about the whole team (msteams-docs "Team archived" / "Team unarchived": sent in General,
    /// channelData with team and tenant, no channel).
    /// </summary>
    private async Task TeamEventAsync(string eventType, string tenant = "tenant-1")
    {
        var update = _team.InChannel("conversationUpdate", HelpdeskTeam.TeamId);
        update["channelData"] = new JsonObject
        {
            ["team"] = new JsonObject { ["aadGroupId"] = "0a5f6c0f-6a2e-4c4b-9d57-1c1a1f0e5b11", ["name"] = "Help desk", ["id"] = HelpdeskTeam.TeamId },
            ["eventType"] = eventType,
            ["tenant"] = new JsonObject { ["id"] = tenant },
        };
        update["conversation"]!["tenantId"] = tenant;
        using var response = await _host.PostAsync(update);
        Assert.True(response.IsSuccessStatusCode, $"{eventType}: {(int)response.StatusCode}");
    }

    private static bool IsReconnectedNotice(ConnectorRequest r, string channel) =>
        r.Path == $"/v3/conversations/{channel}/activities" && (r.Text ?? string.Empty).Contains("no longer archived", StringComparison.Ordinal);

    [Fact]
    public async Task An_unarchived_team_gets_back_exactly_the_channels_its_archiving_disconnected_each_told_so()
    {
        await ConnectBothAsync();
        // Collab desk is stopped by an agent before the team is archived: unarchiving must not bring it back.
        var stopped = Text((await AskAsync("stop escalations here", CollabChannel, CollabChannelName)).Card);
        Assert.Contains("No escalations come to Collab desk any more.", stopped, StringComparison.Ordinal);

        await TeamEventAsync("teamArchived");
        var none = Text((await AskAsync("which channels are connected?", "19:other-team-desk@thread.tacv2", "Other desk")).Card);
        Assert.Contains("No channel is connected", none, StringComparison.Ordinal);

        // Another tenant's teamUnarchived for the same team id changes nothing.
        await TeamEventAsync("teamUnarchived", tenant: "tenant-other");
        Assert.Contains("No channel is connected", Text((await AskAsync("which channels are connected?", "19:other-team-desk@thread.tacv2", "Other desk")).Card), StringComparison.Ordinal);

        // Unarchived: Escalations takes every team's escalations again and says so, once; Collab desk stays stopped.
        await TeamEventAsync("teamUnarchived");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsReconnectedNotice(r, HelpdeskTeam.EscalationsChannel)), "the notice in Escalations");
        var notice = Assert.Single(_team.Requests(r => IsReconnectedNotice(r, HelpdeskTeam.EscalationsChannel)));
        Assert.Equal("The team is active again (no longer archived): escalations come to Escalations again.", notice.Text);
        Assert.Empty(_team.Requests(r => IsReconnectedNotice(r, CollabChannel)));
        var routes = Text((await AskAsync("which channels are connected?", HelpdeskTeam.EscalationsChannel, "Escalations")).Card);
        Assert.Contains("""{"title":"Every team","value":"Escalations"}""", routes, StringComparison.Ordinal);
        Assert.DoesNotContain(CollabChannelName, routes, StringComparison.Ordinal);

        // Routed again: the Collaboration site's incident starts its thread in Escalations.
        await _host.SayAsync($"I'm getting a 502 on http://127.0.0.2:{_collabSite.Port}/", "29:alex", "Alex Wilber", "a:personal-alex");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, HelpdeskTeam.EscalationsChannel) && Text(r.Body).Contains("Alex Wilber", StringComparison.Ordinal)), "the incident in Escalations");
        Assert.Empty(_team.Requests(r => IsThreadStartIn(r, CollabChannel)));

        // A second teamUnarchived (a retried event) reconnects nothing more and says nothing more.
        await TeamEventAsync("teamUnarchived");
        Assert.Contains("""{"title":"Every team","value":"Escalations"}""", Text((await AskAsync("which channels are connected?", HelpdeskTeam.EscalationsChannel, "Escalations")).Card), StringComparison.Ordinal);
        Assert.Single(_team.Requests(r => IsReconnectedNotice(r, HelpdeskTeam.EscalationsChannel)));
    }

    [Fact]
    public async Task A_channel_name_longer_than_Teams_allows_is_stored_cut_with_an_ellipsis_when_connected_or_renamed()
    {
        var store = _host.Services.GetRequiredService<IHelpdeskStore>();
        var huge = string.Concat(Enumerable.Repeat("Collab desk ", 5000));
        await AskAsync("use this channel for escalations of Collaboration", CollabChannel, huge);
        var connected = Assert.Single(await store.ListChannelsAsync(default)).ChannelName!;
        Assert.Equal((256, huge[..255] + "…"), (connected.Length, connected));

        // Renamed to a name of any length (and one ending in a surrogate pair at the cut): at most 256, never half a character.
        var emoji = new string('x', 254) + "\U0001F600" + new string('y', 100);
        await ChannelEventAsync("channelRenamed", CollabChannel, emoji);
        var renamed = Assert.Single(await store.ListChannelsAsync(default)).ChannelName!;
        Assert.Equal(new string('x', 254) + "…", renamed);
        await ChannelEventAsync("channelRenamed", CollabChannel, "Collab escalations");
        Assert.Equal("Collab escalations", Assert.Single(await store.ListChannelsAsync(default)).ChannelName);
    }

    [Fact]
    public async Task A_stop_between_reconnecting_an_unarchived_teams_channels_and_telling_them_still_tells_them_once_after_the_restart()
    {
        await ConnectBothAsync();
        await TeamEventAsync("teamArchived");

        // The process stops right after the channels are connected again (their losses forgotten in the same
        // transaction), before their notices are queued: the first step of telling them is listing the restored rows.
        _stop.Next = nameof(IHelpdeskStore.ListRestoredAsync);
        var unarchived = _team.InChannel("conversationUpdate", HelpdeskTeam.TeamId);
        unarchived["channelData"] = new JsonObject
        {
            ["team"] = new JsonObject { ["id"] = HelpdeskTeam.TeamId, ["name"] = "Help desk" },
            ["eventType"] = "teamUnarchived",
            ["tenant"] = new JsonObject { ["id"] = "tenant-1" },
        };
        using (var failed = await _host.PostRawAsync(unarchived.ToJsonString()))
        {
            Assert.False(failed.IsSuccessStatusCode);
        }

        Assert.Null(_stop.Next);
        Assert.Empty(_team.Requests(r => IsReconnectedNotice(r, HelpdeskTeam.EscalationsChannel)));

        // Started again (Teams has not resent the event): the first watch round tells each channel once.
        await _host.RestartAsync();
        Assert.Equal("Healthy", await _host.ReadyAsync());
        await _team.WaitUntilAsync(
            rs => rs.Any(r => IsReconnectedNotice(r, HelpdeskTeam.EscalationsChannel)) && rs.Any(r => IsReconnectedNotice(r, CollabChannel)),
            "the notices in Escalations and Collab desk");

        // Teams' resent event finds nothing more to connect or tell.
        await TeamEventAsync("teamUnarchived");
        Assert.Empty(await _host.Services.GetRequiredService<IHelpdeskStore>().ListRestoredAsync(default));
        Assert.Equal(1, await QueuedMessagesAsync($"reconnected:{HelpdeskTeam.EscalationsChannel}:"));
        Assert.Equal(1, await QueuedMessagesAsync($"reconnected:{CollabChannel}:"));
    }

    [Fact]
    public async Task An_unarchived_channel_is_not_told_escalations_come_back_when_a_channel_connected_meanwhile_takes_them()
    {
        const string OtherDesk = "19:other-desk@thread.tacv2";
        await _team.AddBotToTeamAsync();
        var (welcome, _, _) = await _host.WaitForCardAsync("Use this channel for escalations");
        var all = await _team.ClickAsync(welcome, "Use this channel for escalations", HelpdeskTeam.EscalationsChannel, inputs: new JsonObject { ["owningTeam"] = "*" });
        Assert.Contains("Connected: escalations now come to Escalations", Text(all), StringComparison.Ordinal);
        await TeamEventAsync("teamArchived");

        // While the team is archived the help desk connects another channel for every team's escalations.
        var other = Text((await AskAsync("use this channel for escalations", OtherDesk, "Other desk")).Card);
        Assert.Contains("Connected: escalations now come to Other desk", other, StringComparison.Ordinal);

        // Unarchived: Escalations is connected again, but the channel connected meanwhile keeps the escalations, so
        // Escalations is not told "escalations come to Escalations again".
        await TeamEventAsync("teamUnarchived");
        var routes = Text((await AskAsync("which channels are connected?", OtherDesk, "Other desk")).Card);
        Assert.Contains("""{"title":"Every team","value":"Other desk"}""", routes, StringComparison.Ordinal);
        Assert.Equal(0, await QueuedMessagesAsync("reconnected:"));
    }

    [Fact]
    public async Task A_team_event_handled_again_after_a_stop_midway_still_moves_the_incident()
    {
        await ConnectBothAsync();
        await _host.SayAsync($"I'm getting a 502 on http://127.0.0.2:{_collabSite.Port}/", "29:alex", "Alex Wilber", "a:personal-alex");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, CollabChannel)), "the incident's thread in Collab desk");

        // The process stops while the deletion is handled, as it looks for the channel's incidents: Teams gets no 200
        // and sends the event again.
        _host.Connector.Delete(CollabChannel);
        _stop.Next = nameof(IHelpdeskStore.ListOpenOnChannelAsync);
        var update = _team.InChannel("conversationUpdate", HelpdeskTeam.TeamId);
        update["channelData"] = new JsonObject
        {
            ["channel"] = new JsonObject { ["id"] = CollabChannel, ["name"] = CollabChannelName },
            ["team"] = new JsonObject { ["id"] = HelpdeskTeam.TeamId },
            ["eventType"] = "channelDeleted",
            ["tenant"] = new JsonObject { ["id"] = "tenant-1" },
        };
        update["conversation"]!["tenantId"] = "tenant-1";
        using (var failed = await _host.PostRawAsync(update.ToJsonString()))
        {
            Assert.False(failed.IsSuccessStatusCode);
        }

        Assert.Null(_stop.Next);
        await ChannelEventAsync("channelDeleted", CollabChannel, CollabChannelName);

        // Handled again in full: the incident's card moves to Escalations, which is told once where Collaboration's go.
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, HelpdeskTeam.EscalationsChannel) && Text(r.Body).Contains("Alex Wilber", StringComparison.Ordinal)), "the card moved to Escalations");
        Assert.Equal(1, await QueuedMessagesAsync("team-moved:"));
        Assert.DoesNotContain(CollabChannelName, Text((await AskAsync("which channels are connected?", HelpdeskTeam.EscalationsChannel, "Escalations")).Card), StringComparison.Ordinal);
    }

    /// <summary>An <see cref="IHelpdeskStore"/> whose next call of one method fails as a process stopping there would.</summary>
    public class StoppingStore : System.Reflection.DispatchProxy
    {
        private IHelpdeskStore _inner = null!;
        private Switch _stop = null!;

        public static IHelpdeskStore Wrap(IHelpdeskStore inner, Switch stop)
        {
            var proxy = Create<IHelpdeskStore, StoppingStore>();
            var self = (StoppingStore)(object)proxy;
            self._inner = inner;
            self._stop = stop;
            return proxy;
        }

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            if (_stop.Take(targetMethod!.Name))
            {
                throw new InvalidOperationException("stopped in " + targetMethod.Name);
            }

            return targetMethod.Invoke(_inner, args);
        }

        /// <summary>The method whose next call fails (null: none).</summary>
        public sealed class Switch
        {
            private string? _next;

            public string? Next
            {
                get => Volatile.Read(ref _next);
                set => Volatile.Write(ref _next, value);
            }

            /// <summary>True once for <paramref name="method"/> when it is the one to fail.</summary>
            public bool Take(string method)
            {
                // Swapped by reference: the name asked for is another string instance than the method's name.
                var next = Volatile.Read(ref _next);
                return next == method && ReferenceEquals(Interlocked.CompareExchange(ref _next, null, next), next);
            }
        }
    }

    /// <summary>One-off messages queued so far whose key starts with <paramref name="prefix"/> (sent or not).</summary>
    private async Task<long> QueuedMessagesAsync(string prefix)
    {
        var database = _host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Storage:Sqlite:Path"];
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM deliveries WHERE kind = 'message' AND subject_id LIKE $prefix;";
        command.Parameters.AddWithValue("$prefix", prefix + "%");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task An_archived_team_loses_all_its_channels_at_once_so_nothing_moves_to_or_is_announced_in_another_of_them()
    {
        // Collab desk is connected first, Escalations (every team) after: the archiving meets Collab desk first, while
        // Escalations, in the same team, would still be where the Collaboration team's escalations route.
        await _team.AddBotToTeamAsync();
        var (welcome, _, _) = await _host.WaitForCardAsync("Use this channel for escalations");
        var collab = await AskAsync("use this channel for escalations of collaboration", CollabChannel, CollabChannelName);
        Assert.Contains($"Connected: escalations of Collaboration now come to {CollabChannelName}", Text(collab.Card), StringComparison.Ordinal);
        var all = await _team.ClickAsync(welcome, "Use this channel for escalations", HelpdeskTeam.EscalationsChannel, inputs: new JsonObject { ["owningTeam"] = "*" });
        Assert.Contains("Connected: escalations now come to Escalations", Text(all), StringComparison.Ordinal);
        await _host.SayAsync($"I'm getting a 502 on http://127.0.0.2:{_collabSite.Port}/", "29:alex", "Alex Wilber", "a:personal-alex");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, CollabChannel)), "the incident's thread in Collab desk");

        var before = _host.Connector.Requests.Count;
        await TeamEventAsync("teamArchived");

        // Nothing is queued for Escalations, which the archiving took too: no "From now on escalations of Collaboration
        // come to this channel", and the incident's card does not start a thread there.
        Assert.Equal(0, await QueuedMessagesAsync("team-moved:"));
        Assert.Contains("No channel is connected", Text((await AskAsync("which channels are connected?", "19:other-team-desk@thread.tacv2", "Other desk")).Card), StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Connector.Requests.Skip(before), r => IsThreadStartIn(r, HelpdeskTeam.EscalationsChannel));
    }

    [Fact]
    public async Task A_channel_takes_several_teams_escalations_and_stops_taking_one_when_asked()
    {
        await ConnectBothAsync();

        // A second team in the same channel is added; the first stays.
        var added = Text((await AskAsync("use this channel for escalations of Finance Systems", CollabChannel, CollabChannelName)).Card);
        Assert.Contains($"Connected: escalations of Finance Systems now come to {CollabChannelName}", added, StringComparison.Ordinal);
        Assert.Contains("""{"title":"Collaboration","value":"Collab desk"}""", added, StringComparison.Ordinal);
        Assert.Contains("""{"title":"Finance Systems","value":"Collab desk"}""", added, StringComparison.Ordinal);
        var listed = Text((await AskAsync("which channels are connected?", HelpdeskTeam.EscalationsChannel, "Escalations")).Card);
        Assert.Contains("""{"title":"Collaboration","value":"Collab desk"}""", listed, StringComparison.Ordinal);
        Assert.Contains("""{"title":"Finance Systems","value":"Collab desk"}""", listed, StringComparison.Ordinal);

        // One team is stopped there: its escalations go to the default channel again; the other team's stay.
        var stopped = Text((await AskAsync("stop escalations of collaboration here.", CollabChannel, CollabChannelName)).Card);
        Assert.Contains("Escalations of Collaboration no longer come to Collab desk.", stopped, StringComparison.Ordinal);
        Assert.DoesNotContain("""{"title":"Collaboration",""", stopped, StringComparison.Ordinal);
        Assert.Contains("""{"title":"Finance Systems","value":"Collab desk"}""", stopped, StringComparison.Ordinal);
        Assert.Contains("""{"title":"Every other team","value":"Escalations"}""", stopped, StringComparison.Ordinal);
        var again = Text((await AskAsync("stop escalations of Collaboration here", CollabChannel, CollabChannelName)).Card);
        Assert.Contains("Collab desk does not take escalations of Collaboration, so nothing changed.", again, StringComparison.Ordinal);

        await _host.SayAsync($"I'm getting a 502 on http://127.0.0.2:{_collabSite.Port}/", "29:alex", "Alex Wilber", "a:personal-alex");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, HelpdeskTeam.EscalationsChannel) && Text(r.Body).Contains("Alex Wilber", StringComparison.Ordinal)), "the Collaboration incident in Escalations");
        Assert.Empty(_team.Requests(r => IsThreadStartIn(r, CollabChannel)));
    }
}
