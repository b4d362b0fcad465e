using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using HelpdeskBot.Tickets.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// The help desk's side through /api/messages: a channel connected from Teams, one incident card per incident in
/// its own thread, the card's actions (agents only), and every reporter told when it is resolved.
/// </summary>
public sealed class HelpdeskChannelTests : IAsyncLifetime
{
    private ConversationHost _host = null!;
    private HelpdeskTeam _team = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(settings: new Dictionary<string, string?> { ["Incidents:CardDebounce"] = "00:00:00.200" });
        _team = await HelpdeskTeam.StartAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _team.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static string Text(JsonNode? node) => ConversationHost.Json(node);

    private static bool IsThreadStart(ConnectorRequest r) => r is { Method: "POST", Path: "/v3/conversations" } && (bool?)r.Body?["isGroup"] == true;

    private async Task<JsonNode> IncidentCardAsync(string containing)
    {
        await _team.WaitUntilAsync(rs => rs.Any(r => (IsThreadStart(r) ? r.Body?["activity"] : r.Body) is { } b && Text(b).Contains(containing, StringComparison.Ordinal) && Text(b).Contains("Check now", StringComparison.Ordinal)), "an incident card with " + containing);
        Assert.Single(_team.Requests(IsThreadStart));
        var thread = $"{HelpdeskTeam.EscalationsChannel};messageid=";
        var last = _team.Requests(r => IsThreadStart(r) || (r.Method == "PUT" && r.Path.StartsWith("/v3/conversations/" + thread, StringComparison.Ordinal)))[^1];
        var card = (IsThreadStart(last) ? last.Body!["activity"] : last.Body)!["attachments"]![0]!["content"]!;
        _host.Record(card);
        return card;
    }

    [Fact]
    public async Task A_connect_click_from_a_personal_or_group_chat_connects_nothing()
    {
        // The welcome card's button, clicked (or forged) outside a team's channel, once made that chat the default
        // help desk: every escalation routed to it, and its members the agents of its incidents.
        var connect = new JsonObject { ["type"] = "Action.Execute", ["title"] = "Use this channel for escalations", ["verb"] = "desk.connect", ["data"] = new JsonObject() };
        foreach (var (conversation, group) in new[] { ("a:personal-lee", false), ("19:group-lee@thread.v2", true) })
        {
            using var response = await _host.PostAsync(_host.Invoke(connect, "card-1", HelpdeskTeam.OutsiderId, "Lee Gu", conversation, group));
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.True((int?)answer["statusCode"] == 400, $"{conversation}: {Text(answer)}");
        }

        Assert.Empty(await _host.Services.GetRequiredService<IHelpdeskStore>().ListChannelsAsync(default));

        // From the team's channel the same click connects it.
        var connected = await _team.ClickAsync(new JsonObject { ["actions"] = new JsonArray(connect.DeepClone()) }, "Use this channel for escalations", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Connected", Text(connected), StringComparison.Ordinal);
        Assert.Equal(HelpdeskTeam.EscalationsChannel, Assert.Single(await _host.Services.GetRequiredService<IHelpdeskStore>().ListChannelsAsync(default)).ChannelId);
    }

    [Fact]
    public async Task Channel_connected_by_the_install_card_gets_one_incident_card_and_the_loop_closes_with_every_reporter()
    {
        // The bot is added to the team: the welcome card in General offers to take escalations.
        await _team.AddBotToTeamAsync();
        var (welcome, _, welcomeRequest) = await _host.WaitForCardAsync("Use this channel for escalations");
        Assert.Equal($"/v3/conversations/{HelpdeskTeam.TeamId}/activities", welcomeRequest.Path);
        Assert.Contains(ConversationHost.InJson("To stop escalations coming to a channel, type \"@HelpdeskBot stop escalations here\" there, or \"@HelpdeskBot stop escalations of <team> here\" for one owning team."), Text(welcome), StringComparison.Ordinal);
        var connected = await _team.ClickAsync(welcome, "Use this channel for escalations", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Connected", Text(connected), StringComparison.Ordinal);

        // Two people report the same failing site in their personal chats.
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", "a:personal-alex");
        await _host.SayAsync($"bad gateway on {_team.SiteUrl}", "29:bea", "Bea Lopez", "a:personal-bea");
        // Both escalations have their ticket (the second joined the first's incident and ticket).
        bool Shows(IReadOnlyList<ConnectorRequest> rs, string conversation, string text) =>
            rs.Any(r => r.Path.StartsWith($"/v3/conversations/{conversation}/", StringComparison.Ordinal) && Text(r.Card).Contains(text, StringComparison.Ordinal));
        await _team.WaitUntilAsync(
            rs => Shows(rs, "a:personal-alex", "Ticket HD-") && Shows(rs, "a:personal-bea", "Ticket HD-") && (Shows(rs, "a:personal-alex", "2 people affected") || Shows(rs, "a:personal-bea", "2 people affected")),
            "both tickets shown");
        var card = await IncidentCardAsync("2 people");
        Assert.Single(_team.Requests(IsThreadStart));
        Assert.Contains("HTTP 502", Text(card), StringComparison.Ordinal);
        Assert.Contains("Alex Wilber", Text(card), StringComparison.Ordinal);
        Assert.Contains("Ticket", Text(card), StringComparison.Ordinal);
        Assert.Contains("New: nobody has taken it yet", Text(card), StringComparison.Ordinal);

        // Someone outside the help desk gets the same card back, told why, and nothing changes.
        var refused = await _team.ClickAsync(card, "Take it", HelpdeskTeam.EscalationsChannel, HelpdeskTeam.OutsiderId, "Lee Gu");
        Assert.Contains("Only the help desk can do this", Text(refused), StringComparison.Ordinal);
        Assert.Contains("New: nobody has taken it yet", Text(refused), StringComparison.Ordinal);

        // The agent takes it; a second (stale) click changes nothing.
        var taken = await _team.ClickAsync(card, "Take it", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Taken by Megan Bowen", Text(taken), StringComparison.Ordinal);
        var again = await _team.ClickAsync(card, "Take it", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Taken by Megan Bowen", Text(again), StringComparison.Ordinal);
        Assert.Null(ConversationHost.FindAction(taken, "Take it"));

        // Check now runs a fresh probe and shows it; Add note comments on the ticket through the provider.
        var checkedCard = await _team.ClickAsync(taken, "Check now", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Latest check", Text(checkedCard), StringComparison.Ordinal);
        Assert.Contains("3 of 3 requests failed (HTTP 502", Text(checkedCard), StringComparison.Ordinal);
        var noted = await _team.ClickAsync(checkedCard, "Add note", HelpdeskTeam.EscalationsChannel, inputs: new JsonObject { ["note"] = "Upstream pool drained, restarting it" });
        Assert.Contains("1 on the ticket", Text(noted), StringComparison.Ordinal);
        var tickets = _host.Services.GetRequiredService<IEmbeddedTicketStore>();
        var ticket = Assert.Single(await tickets.ListAsync(new EmbeddedTicketQuery(), default));
        Assert.Contains((await tickets.GetAsync(ticket.Number, default))!.Comments, c => c.Body.Contains("Upstream pool drained, restarting it", StringComparison.Ordinal) && c.Author == "Megan Bowen");

        // Resolve re-checks first: still failing, so the card asks.
        var asked = await _team.ClickAsync(taken, "Resolve", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Still failing from our servers — resolve anyway?", Text(asked), StringComparison.Ordinal);
        Assert.Contains("requests failed (HTTP 502", Text(asked), StringComparison.Ordinal);
        Assert.DoesNotContain("Resolved by", Text(asked), StringComparison.Ordinal);

        // Resolve anyway: every reporter's card says the help desk marked it fixed (not that our servers see it working:
        // they just saw it fail), and each gets exactly one message.
        var resolved = await _team.ClickAsync(asked, "Resolve anyway and tell 2 people", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Resolved by Megan Bowen", Text(resolved), StringComparison.Ordinal);
        await _team.WaitUntilAsync(rs => new[] { "a:personal-alex", "a:personal-bea" }.All(c =>
            rs.Any(r => r.Method == "PUT" && r.Path.StartsWith($"/v3/conversations/{c}/", StringComparison.Ordinal) && Text(r.Card).Contains("Marked fixed by the help desk since", StringComparison.Ordinal))
            && rs.Any(r => r.Method == "POST" && r.Path == $"/v3/conversations/{c}/activities" && (r.Text ?? string.Empty).StartsWith("The help desk has marked", StringComparison.Ordinal))), "both reporters told",
            // A reporter whose case update lost every retry to concurrent card updates is finished by the watch's
            // next round (notify_pending), by design: allow for one round.
            quiet: TimeSpan.FromMinutes(3));
        var doubleResolve = await _team.ClickAsync(asked, "Resolve anyway and tell 2 people", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Resolved by Megan Bowen", Text(doubleResolve), StringComparison.Ordinal);
        await Task.Yield();
        foreach (var c in new[] { "a:personal-alex", "a:personal-bea" })
        {
            Assert.Single(_team.Requests(r => r.Path == $"/v3/conversations/{c}/activities" && (r.Text ?? string.Empty).StartsWith("The help desk has marked", StringComparison.Ordinal)));
            Assert.Empty(_team.Requests(r => r.Path.StartsWith($"/v3/conversations/{c}/", StringComparison.Ordinal) && ((r.Text ?? string.Empty) + Text(r.Card)).Contains("our servers see it working", StringComparison.Ordinal)));
        }

        // Alex says it is still broken: the incident reopens and the thread hears about it.
        var fixedCard = _team.Requests(r => r.Method == "PUT" && r.Path.StartsWith("/v3/conversations/a:personal-alex/", StringComparison.Ordinal) && Text(r.Card).Contains("Marked fixed by the help desk since", StringComparison.Ordinal))[^1];
        _host.Record(fixedCard.Card!);
        // Worded for its reader and true now: the fix first (who called it fixed: not our servers, which saw it fail),
        // the ticket, then the diagnosis as what our servers saw when Alex reported it, no longer as the present state.
        var fixedText = Text(fixedCard.Card);
        Assert.Equal("Marked fixed by the help desk", (string?)fixedCard.Card!["fallbackText"]);
        Assert.Contains("Ticket HD-", fixedText, StringComparison.Ordinal);
        Assert.Contains("What our servers saw when you reported it", fixedText, StringComparison.Ordinal);
        Assert.DoesNotContain("It's not you", fixedText, StringComparison.Ordinal);
        Assert.True(fixedText.IndexOf("Marked fixed by the help desk since", StringComparison.Ordinal) < fixedText.IndexOf("What our servers saw", StringComparison.Ordinal), fixedText);
        var stillBroken = await _host.ClickAsync(fixedCard.Card!, "Still broken", fixedCard.Path.Split('/')[^1], "29:alex", "Alex Wilber", "a:personal-alex");
        // Said as it is at the click: the incident has a channel, whose thread is told (durably, in the background).
        Assert.Contains("telling the help desk in its Teams channel", Text(stillBroken["value"]), StringComparison.Ordinal);
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Path.StartsWith($"/v3/conversations/{HelpdeskTeam.EscalationsChannel};messageid=", StringComparison.Ordinal) && (r.Text ?? string.Empty).Contains("Alex Wilber says it is still broken", StringComparison.Ordinal)), "the still-broken notice in the thread");
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Method == "PUT" && Text(r.Card).Contains("Reopened: Alex Wilber says it is still broken", StringComparison.Ordinal)), "the reopened incident card");

        // Bea, told it was fixed, no longer reads "fixed" on her card: it says it was reopened (no new message).
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Method == "PUT" && r.Path.StartsWith("/v3/conversations/a:personal-bea/", StringComparison.Ordinal) && Text(r.Card).Contains(UserTexts.English.FixReopened, StringComparison.Ordinal)), "Bea's card says it was reopened");
        var beaCard = _team.Requests(r => r.Method == "PUT" && r.Path.StartsWith("/v3/conversations/a:personal-bea/", StringComparison.Ordinal))[^1];
        Assert.DoesNotContain("Marked fixed by the help desk since", Text(beaCard.Card), StringComparison.Ordinal);
        _host.Record(beaCard.Card!);
        Assert.Single(_team.Requests(r => r.Path == "/v3/conversations/a:personal-bea/activities" && (r.Text ?? string.Empty).StartsWith("The help desk has marked", StringComparison.Ordinal)));
        // Alex's own card keeps what it said at the click, not the reopened line.
        var alexCard = _team.Requests(r => r.Method == "PUT" && r.Path.StartsWith("/v3/conversations/a:personal-alex/", StringComparison.Ordinal))[^1];
        Assert.DoesNotContain(UserTexts.English.FixReopened, Text(alexCard.Card), StringComparison.Ordinal);
    }

    /// <summary>
    /// Two agents look at one card. A click on a copy drawn before the other acted answers for what is true now: "Take
    /// it" does not take the incident from the agent who has it, and "Resolve anyway" after the incident was resolved and
    /// reopened does not resolve it again unchecked (telling every reporter "fixed" on evidence from before the reopening).
    /// </summary>
    [Fact]
    public async Task A_stale_card_neither_takes_the_incident_from_its_agent_nor_resolves_it_again_after_a_reopening()
    {
        const string Lynne = "29:agent-two";
        await _team.MentionAsync("use this channel for escalations", HelpdeskTeam.EscalationsChannel + ";messageid=1700000000001");
        await _host.WaitForCardAsync("✅ Connected");
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", "a:personal-alex");
        var card = await IncidentCardAsync("New: nobody has taken it yet");
        var store = _host.Services.GetRequiredService<IHelpdeskStore>();
        var incidentId = (await store.FindOpenAsync(new Uri(_team.SiteUrl).Authority, default))!;

        // Megan takes it; Lynne's card still shows "Take it" and she presses it.
        Assert.Contains("Taken by Megan Bowen", Text(await _team.ClickAsync(card, "Take it", HelpdeskTeam.EscalationsChannel)), StringComparison.Ordinal);
        var late = Text(await _team.ClickAsync(card, "Take it", HelpdeskTeam.EscalationsChannel, Lynne, "Lynne Robbins"));
        Assert.Contains("Megan Bowen has already taken it; nothing changed.", late, StringComparison.Ordinal);
        Assert.Contains("Taken by Megan Bowen", late, StringComparison.Ordinal);
        Assert.DoesNotContain("Taken by Lynne Robbins", late, StringComparison.Ordinal);
        Assert.Equal("Megan Bowen", (await store.GetAsync(incidentId, default))!.Desk!.TakenByName);

        // Megan's Resolve finds it still failing and asks; she resolves anyway, then reopens it (the site still fails).
        var asked = await _team.ClickAsync(card, "Resolve", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Still failing from our servers — resolve anyway?", Text(asked), StringComparison.Ordinal);
        var resolved = await _team.ClickAsync(asked, "Resolve anyway and tell 1 person", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Resolved by Megan Bowen", Text(resolved), StringComparison.Ordinal);
        var reopened = await _team.ClickAsync(resolved, "Reopen", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Reopened by Megan Bowen", Text(reopened), StringComparison.Ordinal);

        // Lynne answers the old question on her copy: nothing is resolved, and the card says why.
        var stale = Text(await _team.ClickAsync(asked, "Resolve anyway and tell 1 person", HelpdeskTeam.EscalationsChannel, Lynne, "Lynne Robbins"));
        Assert.Contains("Nothing was resolved: the card you answered had changed", stale, StringComparison.Ordinal);
        Assert.DoesNotContain("Resolved by", stale, StringComparison.Ordinal);
        var desk = (await store.GetAsync(incidentId, default))!.Desk!;
        Assert.NotEqual(DeskStatus.Resolved, desk.Status);
        Assert.Equal(1, desk.Resolutions);

        // Asked again now, the question stands and the same button resolves.
        var askedAgain = await _team.ClickAsync(reopened, "Resolve", HelpdeskTeam.EscalationsChannel, Lynne, "Lynne Robbins");
        Assert.Contains("Still failing from our servers — resolve anyway?", Text(askedAgain), StringComparison.Ordinal);
        Assert.Contains("Resolved by Lynne Robbins", Text(await _team.ClickAsync(askedAgain, "Resolve anyway and tell 1 person", HelpdeskTeam.EscalationsChannel, Lynne, "Lynne Robbins")), StringComparison.Ordinal);
    }

    /// <summary>
    /// No <c>Incidents:Agents</c>: the first channel is connected by anyone (setting up), but escalations a channel
    /// serves are moved only by a member of its team, and it is stopped only by one; Lee Gu (not on the roster) is told
    /// who can, and nothing changes.
    /// </summary>
    [Fact]
    public async Task Only_a_member_of_the_serving_channels_team_moves_its_escalations_or_stops_it()
    {
        const string Moved = "Escalations of every team go to Help desk › Escalations; only a member of that team can move them.";
        const string Stop = "Only a member of this channel's team can stop its escalations.";

        // The first connect is open; Megan Bowen is a member of the help desk's team.
        await _team.MentionAsync("use this channel for escalations", HelpdeskTeam.EscalationsChannel + ";messageid=1700000000001");
        await _host.WaitForCardAsync("✅ Connected");

        // Lee Gu, who is not, can neither move every team's escalations to his channel (command or button) nor stop Escalations.
        await _team.MentionAsync("use this channel for escalations", "19:lee-sales@thread.tacv2" + ";messageid=1700000000002", HelpdeskTeam.OutsiderId, "Lee Gu");
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Text == Moved), "the refusal to move the escalations");
        await _team.AddBotToTeamAsync();
        var (welcome, _, _) = await _host.WaitForCardAsync("Use this channel for escalations");
        var refused = ConversationHost.Json(await _team.ClickAsync(welcome, "Use this channel for escalations", "19:lee-sales@thread.tacv2", HelpdeskTeam.OutsiderId, "Lee Gu"));
        Assert.Contains(ConversationHost.InJson(Moved), refused, StringComparison.Ordinal);
        Assert.DoesNotContain("✅ Connected", refused, StringComparison.Ordinal);
        await _team.MentionAsync("stop escalations here", HelpdeskTeam.EscalationsChannel + ";messageid=1700000000003", HelpdeskTeam.OutsiderId, "Lee Gu");
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Text == Stop), "the refusal to stop the channel");

        // Nothing changed: the next escalation's card goes to Escalations, none to Lee's channel.
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", "a:personal-alex");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, HelpdeskTeam.EscalationsChannel)), "the incident card in Escalations");
        Assert.Empty(_team.Requests(r => IsThreadStartIn(r, "19:lee-sales@thread.tacv2")));

        // A member of the team moves them.
        await _team.MentionAsync("use this channel for escalations", "19:lee-sales@thread.tacv2" + ";messageid=1700000000004");
        await _team.WaitUntilAsync(rs => rs.Count(r => r.Card is { } c && ConversationHost.Json(c).Contains("✅ Connected", StringComparison.Ordinal)) == 2, "the second Connected card");
    }

    private static bool IsThreadStartIn(ConnectorRequest r, string channel) =>
        IsThreadStart(r) && r.Succeeded && (string?)r.Body?["channelData"]?["channel"]?["id"] == channel;
}
