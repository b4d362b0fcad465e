using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Testing;
using HelpdeskBot.Testing.TicketSystems;
using HelpdeskBot.Tests.Conversations;
using HelpdeskBot.Tests.Delivery;
using HelpdeskBot.TicketDesk;
using HelpdeskBot.Tickets;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// The help desk's clock-driven side with the host on a fake clock (nothing sleeps): the incident watch, take
/// reminders, and parked escalations announced in the channel (or, with no channel, not claimed to be).
/// </summary>
public sealed class HelpdeskWatchTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private ConversationHost _host = null!;
    private HelpdeskTeam _team = null!;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private async Task StartAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Incidents:CardDebounce"] = "00:00:00",
            ["Incidents:WatchInterval"] = "00:02:00",
            ["Incidents:WatchPoll"] = "00:10:00",
            ["Incidents:HealthyChecks"] = "3",
        };
        foreach (var (k, v) in settings ?? [])
        {
            all[k] = v;
        }

        _host = await ConversationHost.StartAsync(_clock, all, services);
        _team = await HelpdeskTeam.StartAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _team.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static string Text(JsonNode? node) => ConversationHost.Json(node);

    private IncidentWatch Watch => _host.Services.GetRequiredService<IncidentWatch>();

    private async Task ConnectByMentionAsync()
    {
        await _team.MentionAsync("use this channel for escalations", HelpdeskTeam.EscalationsChannel + ";messageid=77");
        var (card, _, request) = await _host.WaitForCardAsync("Connected");
        Assert.Equal($"/v3/conversations/{HelpdeskTeam.EscalationsChannel};messageid=77/activities/f:1001", request.Path);
        Assert.Contains("Escalations", Text(card), StringComparison.Ordinal);
    }

    private async Task ReportAndWaitForIncidentCardAsync()
    {
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", "a:personal-alex");
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Path == "/v3/conversations" && (bool?)r.Body?["isGroup"] == true), "the incident thread");

        await ThreadStoredAsync(null);
    }

    /// <summary>
    /// Waits until the incident's thread (other than <paramref name="old"/>) is stored and the card's send that started
    /// it is over (its row no longer in flight): only then may the clock jump (a jump while the call is in flight would
    /// time it out on the fake clock).
    /// </summary>
    private async Task ThreadStoredAsync(string? old)
    {
        var store = _host.Services.GetRequiredService<IHelpdeskStore>();
        var deliveries = _host.Services.GetRequiredService<IDeliveryStore>();
        var key = new Uri(_team.SiteUrl).Authority;
        using var deadline = new CancellationTokenSource(Patience, TimeProvider.System);
        while (!(await store.FindOpenAsync(key, default) is { } id
            && (await store.GetAsync(id, default))?.Desk?.ThreadId is { } thread && thread != old
            && await deliveries.FindAsync(IncidentCardSource.KindName, id, default) is not { State: DeliveryState.InProgress }))
        {
            Assert.False(deadline.IsCancellationRequested, "The incident card's thread was never stored.");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    /// <summary>
    /// The watch's rounds are only the test's own (<see cref="WatchAsync"/>): the host's loop would wake at each jump of
    /// the clock and race them for the incident's lease, and a round of its own left waiting on the fake clock would keep
    /// the lease while the test's round finds nothing to claim.
    /// </summary>
    private static void WithoutWatchLoop(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i] is { ServiceType: var type, ImplementationFactory: { } make } && type == typeof(IHostedService))
            {
                services[i] = ServiceDescriptor.Singleton<IHostedService>(sp => make(sp) is var made and not IncidentWatch ? (IHostedService)made : new NoLoop());
            }
        }
    }

    private sealed class NoLoop : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Moves the clock by <paramref name="step"/> and runs one watch round, <paramref name="times"/> times.</summary>
    private async Task WatchAsync(TimeSpan step, int times)
    {
        for (var i = 0; i < times; i++)
        {
            // Sends may be in flight: a single jump does not time them out (the connector's attempt timeout needs the
            // clock to pass it in several steps, SteppedTimeoutClock).
            _clock.Advance(step);
            await Watch.RunOnceAsync(default);
        }
    }

    private IReadOnlyList<ConnectorRequest> IncidentCardUpdates(string containing) =>
        _team.Requests(r => r.Method == "PUT" && r.Path.StartsWith($"/v3/conversations/{HelpdeskTeam.EscalationsChannel};messageid=", StringComparison.Ordinal) && Text(r.Card).Contains(containing, StringComparison.Ordinal));

    [Fact]
    public async Task After_K_healthy_checks_the_card_suggests_resolving_and_one_click_tells_the_reporter()
    {
        await StartAsync();
        await ConnectByMentionAsync();
        await ReportAndWaitForIncidentCardAsync();

        // Still failing: the watch backs off and suggests nothing.
        await WatchAsync(TimeSpan.FromMinutes(2), 1);
        Assert.Empty(IncidentCardUpdates("Looks fixed since"));

        _team.Failing = false;
        await WatchAsync(TimeSpan.FromMinutes(4), 1);
        await WatchAsync(TimeSpan.FromMinutes(2), 1);
        Assert.Empty(IncidentCardUpdates("Looks fixed since"));
        await WatchAsync(TimeSpan.FromMinutes(2), 1);

        await _team.WaitUntilAsync(_ => IncidentCardUpdates("Looks fixed since").Count > 0, "the looks-fixed suggestion");
        var card = IncidentCardUpdates("Looks fixed since")[^1].Card!;
        _host.Record(card);
        Assert.Contains("resolve and tell 1 person?", Text(card), StringComparison.Ordinal);
        Assert.Empty(_team.Requests(r => (r.Text ?? string.Empty).StartsWith("Good news", StringComparison.Ordinal)));

        var resolved = await _team.ClickAsync(card, "Resolve and tell 1 person", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Resolved by Megan Bowen", Text(resolved), StringComparison.Ordinal);
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Path == "/v3/conversations/a:personal-alex/activities" && (r.Text ?? string.Empty).StartsWith("Good news", StringComparison.Ordinal)), "the reporter told");
    }

    [Fact]
    public async Task With_auto_resolve_the_watch_resolves_and_tells_the_reporter_without_an_agent()
    {
        await StartAsync(new() { ["Incidents:AutoResolve"] = "true" });
        await ConnectByMentionAsync();
        await ReportAndWaitForIncidentCardAsync();
        _team.Failing = false;

        await WatchAsync(TimeSpan.FromMinutes(2), 2);
        Assert.Empty(_team.Requests(r => (r.Text ?? string.Empty).StartsWith("Good news", StringComparison.Ordinal)));
        await WatchAsync(TimeSpan.FromMinutes(2), 1);

        // The clock stands still: the deliveries are due now and the dispatcher is woken for them.
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Path == "/v3/conversations/a:personal-alex/activities" && (r.Text ?? string.Empty).StartsWith("Good news", StringComparison.Ordinal)), "the reporter told");
        await _team.WaitUntilAsync(_ => IncidentCardUpdates("Resolved by HelpdeskBot").Count > 0, "the resolved card");
    }

    [Fact]
    public async Task An_incident_nobody_takes_gets_one_reminder_in_its_thread_then_the_escalation_contacts_are_told()
    {
        await StartAsync(new()
        {
            ["Incidents:TakeWithin"] = "00:15:00",
            ["Incidents:RemindAdminsAfter"] = "00:30:00",
            ["Incidents:EscalationContacts:0"] = "29:boss",
        }, WithoutWatchLoop);
        await ConnectByMentionAsync();
        await ReportAndWaitForIncidentCardAsync();
        bool IsReminder(ConnectorRequest r) => (r.Text ?? string.Empty).StartsWith("Reminder: nobody has taken", StringComparison.Ordinal);

        await WatchAsync(TimeSpan.FromMinutes(14), 1);
        Assert.Empty(_team.Requests(IsReminder));
        await WatchAsync(TimeSpan.FromMinutes(2), 1);
        await _team.WaitUntilAsync(rs => rs.Any(IsReminder), "the reminder");
        await DeliveryRows.DrainedAsync(_host.Services.GetRequiredService<IDeliveryStore>(), Patience); // nothing queued or in flight: no second send can come
        var reminderPath = Assert.Single(_team.Requests(IsReminder)).Path;
        Assert.StartsWith($"/v3/conversations/{HelpdeskTeam.EscalationsChannel};messageid=", reminderPath, StringComparison.Ordinal);
        Assert.Empty(_team.Requests(r => r.Path == "/v3/conversations" && r.Body?["members"]?[0]?["id"]?.GetValue<string>() == "29:boss"));

        await WatchAsync(TimeSpan.FromMinutes(15), 2);
        await _team.WaitUntilAsync(rs => rs.Any(r => (r.Text ?? string.Empty).Contains("has not been taken by the help desk", StringComparison.Ordinal)), "the escalation contacts told");
        await DeliveryRows.DrainedAsync(_host.Services.GetRequiredService<IDeliveryStore>(), Patience); // nothing queued or in flight: no second send can come
        Assert.Single(_team.Requests(r => r.Path == "/v3/conversations" && r.Body?["members"]?[0]?["id"]?.GetValue<string>() == "29:boss"));
        Assert.Single(_team.Requests(IsReminder));
        await WatchAsync(TimeSpan.FromMinutes(15), 2);
        Assert.Single(_team.Requests(r => (r.Text ?? string.Empty).Contains("has not been taken by the help desk", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_reminder_held_by_throttling_while_an_agent_takes_the_incident_is_not_sent()
    {
        await StartAsync(new() { ["Incidents:TakeWithin"] = "00:15:00" }, WithoutWatchLoop);
        await ConnectByMentionAsync();
        await ReportAndWaitForIncidentCardAsync();
        bool IsReminder(ConnectorRequest r) => (r.Text ?? string.Empty).StartsWith("Reminder: nobody has taken", StringComparison.Ordinal);
        var card = _team.Requests(r => r.Path == "/v3/conversations" && (bool?)r.Body?["isGroup"] == true)[^1].Body!["activity"]!["attachments"]![0]!["content"]!;

        var deliveries = _host.Services.GetRequiredService<IDeliveryStore>();
        var incidentId = (await _host.Services.GetRequiredService<IHelpdeskStore>().FindOpenAsync(new Uri(_team.SiteUrl).Authority, default))!;

        // Teams throttles the bot when the reminder is queued: it waits for Retry-After.
        _host.Connector.FailAll(429, TimeSpan.FromMinutes(1));
        await WatchAsync(TimeSpan.FromMinutes(16), 1);
        // Held: back in the queue, due after Retry-After (tried and answered 429, or held back by the bot's own pause).
        using (var deadline = new CancellationTokenSource(Patience, TimeProvider.System))
        {
            while (await deliveries.FindAsync(DeliveryEntry.MessageKind, "remind:" + incidentId, default) is not { State: DeliveryState.Pending } held || held.NextAttemptAt <= _clock.GetUtcNow())
            {
                Assert.False(deadline.IsCancellationRequested, "The reminder was never held back by the throttling.");
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }
        }


        // Teams takes sends again (the bot keeps to Retry-After, on the clock that stands still), and Megan takes the incident.
        _host.Connector.Recover();
        Assert.Contains("Taken by Megan Bowen", Text(await _team.ClickAsync(card, "Take it", HelpdeskTeam.EscalationsChannel)), StringComparison.Ordinal);
        Assert.DoesNotContain(_team.Requests(IsReminder), r => r.Succeeded);
        _clock.Advance(TimeSpan.FromSeconds(40));
        _clock.Advance(TimeSpan.FromSeconds(40));
        await DeliveryRows.DrainedAsync(deliveries, Patience);

        // The card went out saying who has it; the reminder claiming nobody has was completed without a send.
        await _team.WaitUntilAsync(_ => IncidentCardUpdates("Taken by Megan Bowen").Any(r => r.Succeeded), "the taken card");
        Assert.DoesNotContain(_team.Requests(IsReminder), r => r.Succeeded);
        Assert.Equal(DeliveryState.Sent, (await deliveries.FindAsync(DeliveryEntry.MessageKind, "remind:" + incidentId, default))?.State);
    }

    [Fact]
    public async Task A_reminder_meeting_a_deleted_thread_starts_the_cards_new_thread_and_goes_into_it_once()
    {
        await StartAsync(new() { ["Incidents:TakeWithin"] = "00:15:00", ["Delivery:RetryDelay"] = "00:00:01" });
        await ConnectByMentionAsync();
        await ReportAndWaitForIncidentCardAsync();
        static bool IsThreadStart(ConnectorRequest r) => r is { Method: "POST", Path: "/v3/conversations", Succeeded: true } && (bool?)r.Body?["isGroup"] == true;
        bool IsReminder(ConnectorRequest r) => (r.Text ?? string.Empty).StartsWith("Reminder: nobody has taken", StringComparison.Ordinal);
        var first = Assert.Single(_team.Requests(IsThreadStart)).ResponseId;

        // The thread is deleted in Teams; the card has no change to send, so the reminder is the first to find out.
        _host.Connector.Delete($"{HelpdeskTeam.EscalationsChannel};messageid={first}");
        await WatchAsync(TimeSpan.FromMinutes(16), 1);
        await _team.WaitUntilAsync(rs => rs.Count(IsThreadStart) == 2, "the card's new thread");
        await ThreadStoredAsync($"{HelpdeskTeam.EscalationsChannel};messageid={first}");
        _clock.Advance(TimeSpan.FromSeconds(1)); // Delivery:RetryDelay: the reminder waited for the card's thread
        await _team.WaitUntilAsync(rs => rs.Any(r => IsReminder(r) && r.Succeeded), "the reminder in the new thread");
        await DeliveryRows.DrainedAsync(_host.Services.GetRequiredService<IDeliveryStore>(), Patience); // nothing queued or in flight: no second send can come

        // The card started the new thread (the one way a thread is started) and the reminder went into it, once.
        var second = _team.Requests(IsThreadStart)[^1];
        Assert.Equal(2, _team.Requests(IsThreadStart).Count);
        Assert.Contains("Check now", Text(second.Body?["activity"]), StringComparison.Ordinal);
        var delivered = Assert.Single(_team.Requests(r => IsReminder(r) && r.Succeeded));
        Assert.StartsWith($"/v3/conversations/{HelpdeskTeam.EscalationsChannel};messageid={second.ResponseId}/", delivered.Path, StringComparison.Ordinal);
        Assert.Contains(_team.Requests(r => IsReminder(r) && r.Status == 404), r => r.Path.StartsWith($"/v3/conversations/{HelpdeskTeam.EscalationsChannel};messageid={first}/", StringComparison.Ordinal));
        var parked = await _host.Services.GetRequiredService<IDeliveryStore>().CountByStateAsync(default);
        Assert.Equal(0, parked.GetValueOrDefault(DeliveryState.Parked));
    }

    [Fact]
    public async Task A_reminder_meeting_a_deleted_channel_follows_the_card_to_where_the_incident_routes_now()
    {
        const string DeskTwo = "19:desk-two@thread.tacv2";
        await StartAsync(new() { ["Incidents:TakeWithin"] = "00:15:00", ["Delivery:RetryDelay"] = "00:00:01" });
        await ConnectByMentionAsync();
        await ReportAndWaitForIncidentCardAsync();
        bool IsReminder(ConnectorRequest r) => (r.Text ?? string.Empty).StartsWith("Reminder: nobody has taken", StringComparison.Ordinal);
        static bool IsThreadStartIn(ConnectorRequest r, string channel) =>
            r is { Method: "POST", Path: "/v3/conversations", Succeeded: true } && (string?)r.Body?["channelData"]?["channel"]?["id"] == channel;

        // A second channel takes every team's escalations from now on; the incident's card stays where it is.
        await _team.MentionAsync("use this channel for escalations", DeskTwo);
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Path.StartsWith($"/v3/conversations/{DeskTwo}/", StringComparison.Ordinal) && Text(r.Card).Contains("Connected", StringComparison.Ordinal)), "the second channel connected");

        // The incident's whole channel is deleted in Teams; the reminder is the first to find out.
        _host.Connector.Delete(HelpdeskTeam.EscalationsChannel);
        var old = (await _host.Services.GetRequiredService<IHelpdeskStore>().GetAsync((await _host.Services.GetRequiredService<IHelpdeskStore>().FindOpenAsync(new Uri(_team.SiteUrl).Authority, default))!, default))!.Desk!.ThreadId;
        await WatchAsync(TimeSpan.FromMinutes(16), 1);
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, DeskTwo)), "the card's thread in the other channel");
        await ThreadStoredAsync(old);
        _clock.Advance(TimeSpan.FromSeconds(1)); // Delivery:RetryDelay: the reminder waited for the card's thread
        await _team.WaitUntilAsync(rs => rs.Any(r => IsReminder(r) && r.Succeeded), "the reminder in the other channel");
        await DeliveryRows.DrainedAsync(_host.Services.GetRequiredService<IDeliveryStore>(), Patience); // nothing queued or in flight: no second send can come

        // The channel is disconnected, the card moved to the channel the incident routes to now, and the reminder followed it, once.
        var start = Assert.Single(_team.Requests(r => IsThreadStartIn(r, DeskTwo)));
        var delivered = Assert.Single(_team.Requests(r => IsReminder(r) && r.Succeeded));
        Assert.StartsWith($"/v3/conversations/{DeskTwo};messageid={start.ResponseId}/", delivered.Path, StringComparison.Ordinal);
        Assert.DoesNotContain(await _host.Services.GetRequiredService<IHelpdeskStore>().ListChannelsAsync(default), c => c.ChannelId == HelpdeskTeam.EscalationsChannel);
        var parked = await _host.Services.GetRequiredService<IDeliveryStore>().CountByStateAsync(default);
        Assert.Equal(0, parked.GetValueOrDefault(DeliveryState.Parked));
    }

    /// <summary>A host whose ticket system is down (parking after a minute), a connected channel, and Alex's report queued.</summary>
    private async Task<DownTicketProvider> ReportWhileTheTicketSystemIsDownAsync()
    {
        var tickets = new DownTicketProvider();
        await StartAsync(new() { ["Tickets:GiveUpAfter"] = "00:01:00" }, s => s.AddSingleton<ITicketProvider>(tickets));
        await ConnectByMentionAsync();
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", "a:personal-alex");
        await _host.WaitForCardAsync("Ticket queued");
        return tickets;
    }

    [Fact]
    public async Task A_parked_escalation_is_announced_with_replay_and_only_then_the_user_hears_the_help_desk_was_told()
    {
        var tickets = await ReportWhileTheTicketSystemIsDownAsync();

        var (parked, _, request) = await AdvanceUntilCardAsync("Escalation parked");
        Assert.Equal($"/v3/conversations/{HelpdeskTeam.EscalationsChannel}/activities", request.Path);
        // The user's card follows the announcement as a delivery; the fake clock moves so a dispatcher that is waiting
        // for its next poll (it may have been busy when signalled) gets there.
        var (userCard, _, _) = await AdvanceUntilCardAsync("the help desk has been told");
        Assert.Contains("The ticket system is not answering", Text(userCard), StringComparison.Ordinal);

        var refused = await _team.ClickAsync(parked, "Replay", HelpdeskTeam.EscalationsChannel, HelpdeskTeam.OutsiderId, "Lee Gu");
        Assert.Contains("Only the help desk can do this", Text(refused), StringComparison.Ordinal);
        var admin = _host.Services.GetRequiredService<OutboxAdmin>();
        Assert.Equal(OutboxState.Parked, Assert.Single(await admin.ListAsync(null, 10, default)).State);

        // The ticket system is back; the agent replays it and the user gets their ticket.
        tickets.Up = true;
        var replayed = await _team.ClickAsync(parked, "Replay", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Replayed", Text(replayed), StringComparison.Ordinal);
        await AdvanceUntilCardAsync("Ticket DOWN-1 created");
    }

    [Fact]
    public async Task Replay_on_a_stale_parked_card_says_what_happened_instead_of_queueing_it_again()
    {
        var tickets = await ReportWhileTheTicketSystemIsDownAsync();
        var (parked, _, _) = await AdvanceUntilCardAsync("Escalation parked");
        var admin = _host.Services.GetRequiredService<OutboxAdmin>();

        // Megan replays while the ticket system is still down: the row is queued again. Lynne's click on the same card
        // (her Teams still shows the Replay button) finds it already queued: nothing to replay, and the card says so.
        Assert.Contains("Replayed", Text(await _team.ClickAsync(parked, "Replay", HelpdeskTeam.EscalationsChannel)), StringComparison.Ordinal);
        Assert.True(Assert.Single(await admin.ListAsync(null, 10, default)).State is OutboxState.Pending or OutboxState.InProgress, "queued again, or being tried");
        var queued = Text(await _team.ClickAsync(parked, "Replay", HelpdeskTeam.EscalationsChannel, "29:agent-two", "Lynne Robbins"));
        Assert.Contains("Already replayed", queued, StringComparison.Ordinal);
        Assert.DoesNotContain("Replay\"", queued, StringComparison.Ordinal); // no button to press again

        // The ticket system comes back and files it; a click on the old card then names the ticket, and queues nothing.
        tickets.Up = true;
        await AdvanceUntilCardAsync("Ticket DOWN-1 created");
        var entry = Assert.Single(await admin.ListAsync(null, 10, default));
        Assert.Equal(OutboxState.Sent, entry.State);
        var filed = Text(await _team.ClickAsync(parked, "Replay", HelpdeskTeam.EscalationsChannel, "29:agent-two", "Lynne Robbins"));
        Assert.Contains("Already filed: the ticket system created DOWN-1", filed, StringComparison.Ordinal);
        Assert.DoesNotContain("queued", filed, StringComparison.Ordinal);
        Assert.Equal(OutboxState.Sent, Assert.Single(await admin.ListAsync(null, 10, default)).State);
    }

    [Fact]
    public async Task Without_a_channel_a_parked_escalation_does_not_claim_the_help_desk_was_told()
    {
        await StartAsync(new() { ["Tickets:GiveUpAfter"] = "00:01:00" }, s => s.AddSingleton<ITicketProvider>(new DownTicketProvider()));
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", "a:personal-alex");
        await _host.WaitForCardAsync("Ticket queued");

        var (card, _, _) = await AdvanceUntilCardAsync("The ticket system is not answering");

        Assert.DoesNotContain("has been told", Text(card), StringComparison.Ordinal);
        Assert.Contains("will be sent when an admin replays it", Text(card), StringComparison.Ordinal);
        Assert.Empty(_team.Requests(r => r.Path.Contains("thread.tacv2", StringComparison.Ordinal)));
    }

    private static bool IsParkedNotice(ConnectorRequest r, string channel) =>
        r.Path == $"/v3/conversations/{channel}/activities" && Text(r.Card).Contains("Escalation parked", StringComparison.Ordinal);

    [Fact]
    public async Task A_parked_escalation_whose_channel_was_deleted_in_Teams_is_announced_in_the_next_route()
    {
        // Escalations (connected from Teams) comes first, then Tickets:HelpdeskChannel; Escalations was deleted in Teams
        // and nothing told the bot: the announcement finds out (404 ConversationNotFound) and goes to the next route.
        const string Configured = "19:configured-desk@thread.tacv2";
        string? connector = null;
        await StartAsync(new() { ["Tickets:GiveUpAfter"] = "00:01:00" }, s =>
        {
            s.AddSingleton<ITicketProvider>(new DownTicketProvider());
            s.PostConfigure<TicketsOptions>(o => o.HelpdeskChannel = new HelpdeskChannelOptions { ServiceUrl = connector, ConversationId = Configured, TenantId = "tenant-1" });
        });
        connector = _host.Connector.ServiceUrl;
        // Tickets:HelpdeskChannel is the desk already there: Megan Bowen, a member of its team, connects Escalations.
        _host.Connector.SetRoster(Configured, (HelpdeskTeam.AgentId, HelpdeskTeam.AgentName, "aad-agent-megan"));
        await ConnectByMentionAsync();
        _host.Connector.Delete(HelpdeskTeam.EscalationsChannel);
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", "a:personal-alex");
        await _host.WaitForCardAsync("Ticket queued");

        await AdvanceUntilAsync(r => IsParkedNotice(r, HelpdeskTeam.EscalationsChannel));
        await _team.WaitUntilAsync(rs => rs.Any(r => IsParkedNotice(r, Configured) && r.Succeeded), "the notice in Tickets:HelpdeskChannel");
        Assert.Equal(404, Assert.Single(_team.Requests(r => IsParkedNotice(r, HelpdeskTeam.EscalationsChannel))).Status);
        var notice = Assert.Single(_team.Requests(r => IsParkedNotice(r, Configured)));
        _host.Record(notice.Card!);
        Assert.Contains("Replay", Text(notice.Card), StringComparison.Ordinal);
        Assert.DoesNotContain(await _host.Services.GetRequiredService<IHelpdeskStore>().ListChannelsAsync(default), c => c.ChannelId == HelpdeskTeam.EscalationsChannel);

        // Someone was told, so the user's card may say so; the delivery is not left parked.
        var (userCard, _, _) = await AdvanceUntilCardAsync("the help desk has been told");
        Assert.Contains("The ticket system is not answering", Text(userCard), StringComparison.Ordinal);
        var rows = await _host.Services.GetRequiredService<IDeliveryStore>().CountByStateAsync(default);
        Assert.Equal(0, rows.GetValueOrDefault(DeliveryState.Parked));
    }

    [Fact]
    public async Task A_parked_escalation_whose_only_channel_was_deleted_does_not_claim_the_help_desk_was_told_and_readiness_says_so()
    {
        await StartAsync(new() { ["Tickets:GiveUpAfter"] = "00:01:00" }, s => s.AddSingleton<ITicketProvider>(new DownTicketProvider()));
        await ConnectByMentionAsync();
        Assert.Equal("Healthy", await _host.ReadyAsync());
        _host.Connector.Delete(HelpdeskTeam.EscalationsChannel);
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", "a:personal-alex");
        await _host.WaitForCardAsync("Ticket queued");

        // The notice meets the deleted channel and has nowhere else to go: the user's card takes back "told".
        await AdvanceUntilAsync(r => IsParkedNotice(r, HelpdeskTeam.EscalationsChannel));
        await _team.WaitUntilAsync(
            rs => rs.Any(r => r.Path.StartsWith("/v3/conversations/a:personal-alex/", StringComparison.Ordinal) && Text(r.Card).Contains("will be sent when an admin replays it", StringComparison.Ordinal)),
            "the user's card saying nobody was told");
        var last = _team.Requests(r => r.Path.StartsWith("/v3/conversations/a:personal-alex/", StringComparison.Ordinal) && r.Card is not null)[^1];
        Assert.DoesNotContain("has been told", Text(last.Card), StringComparison.Ordinal);
        Assert.Contains("will be sent when an admin replays it", Text(last.Card), StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Connector.Requests, r => r.Succeeded && Text(r.Card).Contains("Escalation parked", StringComparison.Ordinal));

        // General hears that the channel is gone, readiness says degraded, and the notice is parked, not "delivered".
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Path == $"/v3/conversations/{HelpdeskTeam.TeamId}/activities" && (r.Text ?? string.Empty).Contains("no longer exists", StringComparison.Ordinal)), "the notice in General");
        Assert.Equal("Degraded", await _host.ReadyAsync());
        // The notice's row is parked after the loss is handled (General's notice may go out first): wait for it.
        var deliveries = _host.Services.GetRequiredService<IDeliveryStore>();
        using (var deadline = new CancellationTokenSource(Patience, TimeProvider.System))
        {
            while ((await deliveries.CountByStateAsync(default)).GetValueOrDefault(DeliveryState.Parked) == 0 && !deadline.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }
        }

        var rows = await deliveries.CountByStateAsync(default);
        Assert.Equal(1, rows.GetValueOrDefault(DeliveryState.Parked));

        // A channel connected again: readiness is healthy again.
        await _team.MentionAsync("use this channel for escalations", "19:desk-two@thread.tacv2");
        Assert.Equal("Healthy", await _host.ReadyAsync());

        // An agent stops that channel: no channel is left, but by choice: the earlier loss no longer makes readiness degraded.
        await _team.MentionAsync("stop escalations here", "19:desk-two@thread.tacv2");
        Assert.Empty(await _host.Services.GetRequiredService<IHelpdeskStore>().ListChannelsAsync(default));
        Assert.Equal("Healthy", await _host.ReadyAsync());
    }

    [Fact]
    public async Task A_failure_between_the_resolution_and_the_messages_is_finished_by_the_watch_and_nobody_is_told_twice()
    {
        FailingOnceQueue? failing = null;
        await StartAsync(services: s =>
        {
            s.AddSingleton<DeliveryQueue>();
            s.AddSingleton<IDeliveryQueue>(sp => failing = new FailingOnceQueue(sp.GetRequiredService<DeliveryQueue>()));
        });
        await ConnectByMentionAsync();
        await ReportAndWaitForIncidentCardAsync();
        // Resolved anyway while our check still fails: the message says the help desk marked it fixed, no more.
        bool IsGoodNews(ConnectorRequest r) => r.Path == "/v3/conversations/a:personal-alex/activities" && (r.Text ?? string.Empty).StartsWith("The help desk has marked", StringComparison.Ordinal);

        // The resolution is written; queuing the reporter's message fails (as if the process died there).
        var card = _team.Requests(r => r.Path == "/v3/conversations" && (bool?)r.Body?["isGroup"] == true)[0].Body!["activity"]!["attachments"]![0]!["content"]!;
        var resolved = await _team.ClickAsync(card, "Resolve", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Still failing from our servers", Text(resolved), StringComparison.Ordinal);
        resolved = await _team.ClickAsync(resolved, "Resolve anyway and tell 1 person", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Resolved by Megan Bowen", Text(resolved), StringComparison.Ordinal);
        // The walk runs in the background after the click: the message fails there (real time, bounded).
        await failing!.Failed.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
        Assert.Empty(_team.Requests(IsGoodNews));

        // The watch's next round finishes it: the message goes out once, and later rounds send nothing more.
        await WatchAsync(TimeSpan.FromMinutes(1), 1);
        await _team.WaitUntilAsync(rs => rs.Any(IsGoodNews), "the reporter told after the failure");
        await WatchAsync(TimeSpan.FromMinutes(1), 3);
        Assert.Single(_team.Requests(IsGoodNews));
    }

    /// <summary>The delivery queue whose first one-off message fails, as a crash between the resolution and the messages would.</summary>
    private sealed class FailingOnceQueue(IDeliveryQueue inner) : IDeliveryQueue
    {
        private readonly TaskCompletionSource _failedOnce = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _failed;

        /// <summary>Completes when the one failure has happened.</summary>
        public Task Failed => _failedOnce.Task;

        public Task EnqueueCardAsync(LiveCard card, DateTimeOffset? notBefore, CancellationToken cancellationToken) => inner.EnqueueCardAsync(card, notBefore, cancellationToken);

        public Task<bool> EnqueueMessageAsync(string key, HelpdeskBot.Protocol.Activities.ConversationReference conversation, HelpdeskBot.Protocol.Activities.Activity activity, MessageClaim? claim, CancellationToken cancellationToken) =>
            key.StartsWith("fixed:", StringComparison.Ordinal) && Interlocked.Exchange(ref _failed, 1) == 0
                ? Fail()
                : inner.EnqueueMessageAsync(key, conversation, activity, claim, cancellationToken);

        private Task<bool> Fail()
        {
            _failedOnce.TrySetResult();
            throw new IOException("injected failure before the message was queued");
        }

        public Task EnqueueThreadMessageAsync(string key, LiveCard card, HelpdeskBot.Protocol.Activities.Activity activity, MessageClaim? claim, CancellationToken cancellationToken) =>
            inner.EnqueueThreadMessageAsync(key, card, activity, claim, cancellationToken);
    }

    /// <summary>Moves the clock a minute at a time until a card containing <paramref name="text"/> is sent (the outbox's retries run on it).</summary>
    private async Task<(JsonNode Card, string ActivityId, ConnectorRequest Request)> AdvanceUntilCardAsync(string text)
    {
        await AdvanceUntilAsync(r => Text(r.Card).Contains(text, StringComparison.Ordinal));
        return await _host.WaitForCardAsync(text);
    }

    /// <summary>Moves the clock a minute at a time (at most 30) until a request matching <paramref name="match"/> was made, answered or not.</summary>
    private async Task AdvanceUntilAsync(Func<ConnectorRequest, bool> match)
    {
        for (var i = 0; i < 30; i++)
        {
            if (_host.Connector.Requests.Any(match))
            {
                return;
            }

            var before = _host.Connector.Requests.Count;
            _clock.Advance(TimeSpan.FromMinutes(1));
            try
            {
                await _host.Connector.WaitForRequestsAsync(before + 1, TimeSpan.FromSeconds(1));
            }
            catch (OperationCanceledException)
            {
                // Nothing sent in this minute; move on.
            }
        }
    }

    [Fact]
    public async Task A_ticket_still_resolved_from_before_a_reopening_does_not_resolve_it_again_a_newer_resolution_does()
    {
        var tickets = new ScriptedTicketProvider();
        await StartAsync(services: s =>
        {
            s.AddSingleton<ITicketProvider>(tickets);
            WithoutBackgroundWatch(s);
        });
        await ConnectByMentionAsync();
        await ReportAndWaitForIncidentCardAsync();
        var store = _host.Services.GetRequiredService<IHelpdeskStore>();
        var (id, _) = await WaitForTicketAsync();

        // Resolved in the ticket system: the next round resolves the incident and tells the reporter.
        tickets.Resolve(_clock.GetUtcNow());
        await WatchAsync(TimeSpan.FromMinutes(15), 1);
        Assert.Equal(DeskStatus.Resolved, (await store.GetAsync(id, default))?.Desk?.Status);

        // The reporter says it is still broken; the ticket system still says resolved, from before: it stays open.
        _clock.Advance(TimeSpan.FromSeconds(5));
        var desk = _host.Services.GetRequiredService<IncidentDesk>();
        await desk.ReporterStillBrokenAsync(id, "Alex Wilber", default);
        Assert.NotEqual(DeskStatus.Resolved, (await store.GetAsync(id, default))?.Desk?.Status);
        await WatchAsync(TimeSpan.FromMinutes(15), 2);
        Assert.NotEqual(DeskStatus.Resolved, (await store.GetAsync(id, default))?.Desk?.Status);

        // Resolved there again, after the reopening: the next round resolves it again.
        tickets.Resolve(_clock.GetUtcNow());
        await WatchAsync(TimeSpan.FromMinutes(15), 1);
        Assert.Equal(DeskStatus.Resolved, (await store.GetAsync(id, default))?.Desk?.Status);
    }

    [Fact]
    public async Task A_comment_on_a_still_solved_Zendesk_ticket_after_a_reopening_tells_nobody_a_new_solve_does_once()
    {
        await using var zendesk = await FakeTicketSystem.StartAsync<FakeZendesk>();
        var (id, number) = await StartWithTicketSystemAsync(zendesk);
        await ResolvedThereThenReopenedHereThenCommentedThereAsync(zendesk, id, number, "solved");

        // Opened again in Zendesk and solved again: a new solve, so the incident resolves and the reporter is told once more.
        zendesk.AgentSetsStatus(number, "open");
        await WatchAsync(TimeSpan.FromMinutes(15), 1);
        Assert.NotEqual(DeskStatus.Resolved, await DeskStatusAsync(id));
        _clock.Advance(TimeSpan.FromMinutes(1));
        zendesk.AgentSetsStatus(number, "solved");
        await WatchAsync(TimeSpan.FromMinutes(15), 1);
        Assert.Equal(DeskStatus.Resolved, await DeskStatusAsync(id));
        await _team.WaitUntilAsync(_ => FixedMessages() == 2, "the reporter told of the new solve");
        Assert.Empty(zendesk.Violations);
    }

    [Fact]
    public async Task A_work_note_on_a_still_resolved_ServiceNow_incident_without_resolved_at_after_a_reopening_tells_nobody()
    {
        await using var serviceNow = await FakeTicketSystem.StartAsync<FakeServiceNow>();
        serviceNow.StampsResolutionTimes = false;
        var (id, number) = await StartWithTicketSystemAsync(serviceNow, s => s.AddFakeLogging());
        await ResolvedThereThenReopenedHereThenCommentedThereAsync(serviceNow, id, number, "6");
        var logs = _host.Services.GetRequiredService<FakeLogCollector>();
        int Ignored() => logs.GetSnapshot().Count(r => r.Id.Id == 4129);

        // Still resolved there with a newer work note: ignored, and said once (not every round) with the reason.
        Assert.Equal(1, Ignored());
        Assert.Contains("not seen open since the reopening", logs.GetSnapshot().Single(r => r.Id.Id == 4129).Message, StringComparison.Ordinal);
        await WatchAsync(TimeSpan.FromMinutes(15), 2);
        Assert.Equal(1, Ignored());

        // Set in progress (the watch sees it open) and resolved again there: with no resolution time, its last change
        // (sys_updated_on, after the reopening) dates the new resolution, so the incident resolves and the reporter is
        // told once more.
        serviceNow.AgentSetsStatus(number, "2");
        await WatchAsync(TimeSpan.FromMinutes(15), 1);
        Assert.NotEqual(DeskStatus.Resolved, await DeskStatusAsync(id));
        _clock.Advance(TimeSpan.FromMinutes(1));
        serviceNow.AgentSetsStatus(number, "6");
        await WatchAsync(TimeSpan.FromMinutes(15), 1);
        Assert.Equal(DeskStatus.Resolved, await DeskStatusAsync(id));
        await _team.WaitUntilAsync(_ => FixedMessages() == 2, "the reporter told of the resolution there");

        // Reopened once more; reopened and resolved there between two rounds (never seen open): it cannot be told from
        // the old resolution, so the incident stays open, logged once for this reopening, until an agent resolves it here.
        _clock.Advance(TimeSpan.FromSeconds(5));
        await _host.Services.GetRequiredService<IncidentDesk>().ReporterStillBrokenAsync(id, "Alex Wilber", default);
        _clock.Advance(TimeSpan.FromMinutes(1));
        serviceNow.AgentSetsStatus(number, "2");
        serviceNow.AgentSetsStatus(number, "6");
        await WatchAsync(TimeSpan.FromMinutes(15), 3);
        Assert.NotEqual(DeskStatus.Resolved, await DeskStatusAsync(id));
        Assert.Equal(2, FixedMessages());
        Assert.Equal(2, Ignored());
        await _host.Services.GetRequiredService<IncidentDesk>().ResolveNowAsync(id, "Megan Bowen", "card", default);
        await _team.WaitUntilAsync(_ => FixedMessages() == 3, "the reporter told of the agent's resolution");
        Assert.Empty(serviceNow.Violations);
    }

    [Fact]
    public async Task A_note_on_a_closed_Zendesk_ticket_opens_a_follow_up_ticket_that_the_card_names_and_later_notes_go_to()
    {
        await using var zendesk = await FakeTicketSystem.StartAsync<FakeZendesk>();
        var (id, number) = await StartWithTicketSystemAsync(zendesk);
        zendesk.AgentSetsStatus(number, "closed");
        var card = _team.Requests(r => r.Path == "/v3/conversations" && (bool?)r.Body?["isGroup"] == true)[0].Body!["activity"]!["attachments"]![0]!["content"]!;

        // Zendesk refuses any update of a closed ticket (422): the note opens a follow-up ticket linked to it.
        var noted = await _team.ClickAsync(card, "Add note", HelpdeskTeam.EscalationsChannel, inputs: new JsonObject { ["note"] = "Upstream pool drained again" });
        var followUp = Assert.Single(zendesk.Tickets.Values, t => t.Number != number);
        Assert.Equal(number, followUp.FollowUpOf);
        Assert.Contains("Upstream pool drained again", followUp.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(zendesk.Tickets[number].Comments, c => c.Contains("Upstream pool drained again", StringComparison.Ordinal));
        Assert.Contains($"{number} is closed and takes no more notes, so the note opened follow-up ticket {followUp.Number}, linked to it.", Text(noted), StringComparison.Ordinal);
        Assert.DoesNotContain("Note added by", Text(noted), StringComparison.Ordinal);
        var store = _host.Services.GetRequiredService<IHelpdeskStore>();
        Assert.Equal(followUp.Number, (await store.GetAsync(id, default))!.Incident.Ticket!.Number);

        // The follow-up is the incident's ticket now: the next note is a comment on it, and no third ticket is opened.
        var again = await _team.ClickAsync(noted, "Add note", HelpdeskTeam.EscalationsChannel, inputs: new JsonObject { ["note"] = "Pool restarted" });
        Assert.Contains("Note added by Megan Bowen", Text(again), StringComparison.Ordinal);
        Assert.Contains(followUp.Comments, c => c.Contains("Pool restarted", StringComparison.Ordinal));
        Assert.Equal(2, zendesk.Tickets.Count);
        Assert.Empty(zendesk.Violations);
    }

    /// <summary>The bot on the fake clock escalating to <paramref name="system"/>; returns the incident and its ticket's number.</summary>
    private async Task<(string IncidentId, string TicketNumber)> StartWithTicketSystemAsync(FakeTicketSystem system, Action<IServiceCollection>? services = null)
    {
        system.Clock = _clock;
        // The clock jumps by minutes between watch rounds: no ticket call may time out on it.
        await StartAsync(new(system.Settings) { ["Tickets:Resilience:AttemptTimeout"] = "00:05:00" }, s =>
        {
            WithoutBackgroundWatch(s);
            services?.Invoke(s);
        });
        await ConnectByMentionAsync();
        await ReportAndWaitForIncidentCardAsync();
        var (id, ticket) = await WaitForTicketAsync();
        Assert.Equal(system.ProviderName, ticket.Provider);
        return (id, ticket.Number);
    }

    /// <summary>
    /// The reported site's incident once the outbox gave it its ticket. The clock moves only when the escalation waits
    /// for a later attempt, and then to that attempt: where it ends does not depend on how fast the machine is.
    /// </summary>
    private async Task<(string IncidentId, TicketRef Ticket)> WaitForTicketAsync()
    {
        var store = _host.Services.GetRequiredService<IHelpdeskStore>();
        var outbox = _host.Services.GetRequiredService<IOutboxStore>();
        var id = await store.FindOpenAsync(new Uri(_team.SiteUrl).Authority, default) ?? throw new InvalidOperationException("no incident");
        using var deadline = new CancellationTokenSource(Patience, TimeProvider.System);
        TicketRef? ticket;
        while ((ticket = (await store.GetAsync(id, default))?.Incident.Ticket) is null)
        {
            Assert.False(deadline.IsCancellationRequested, "The outbox made no ticket:\n" + string.Join('\n', (await outbox.ListAsync(null, 10, default)).Select(e => $"{e.State} next {e.NextAttemptAt:O} {e.LastError}")));
            var waiting = await outbox.ListAsync(OutboxState.Pending, 10, default);
            if (waiting.Count > 0 && waiting.Min(e => e.NextAttemptAt) - _clock.GetUtcNow() is { Ticks: > 0 } until)
            {
                _clock.Advance(until);
            }
            else
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }
        }

        return (id, ticket);
    }

    /// <summary>
    /// Only the test's own rounds run the watch: its background loop would wake on each jump of the clock, claim the
    /// incident first and leave <see cref="WatchAsync"/> asserting before that round is done.
    /// </summary>
    private static void WithoutBackgroundWatch(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationFactory is { } factory)
            {
                services[i] = new ServiceDescriptor(typeof(IHostedService), sp => factory(sp) is IncidentWatch ? new IdleService() : factory(sp), services[i].Lifetime);
            }
        }
    }

    private sealed class IdleService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// Resolved in the ticket system: the reporter is told once. "Still broken" reopens the incident; an agent then
    /// comments on the still-resolved ticket (which moves its update time): the next rounds neither resolve the
    /// incident again nor tell anyone.
    /// </summary>
    private async Task ResolvedThereThenReopenedHereThenCommentedThereAsync(FakeTicketSystem system, string id, string number, string resolved)
    {
        _clock.Advance(TimeSpan.FromMinutes(1));
        system.AgentSetsStatus(number, resolved);
        await WatchAsync(TimeSpan.FromMinutes(15), 1);
        Assert.Equal(DeskStatus.Resolved, await DeskStatusAsync(id));
        await _team.WaitUntilAsync(_ => FixedMessages() == 1, "the reporter told");

        _clock.Advance(TimeSpan.FromSeconds(5));
        await _host.Services.GetRequiredService<IncidentDesk>().ReporterStillBrokenAsync(id, "Alex Wilber", default);
        Assert.NotEqual(DeskStatus.Resolved, await DeskStatusAsync(id));

        _clock.Advance(TimeSpan.FromMinutes(1));
        system.AgentComments(number, "Checked with the network team: nothing changed on our side.");
        Assert.Equal(_clock.GetUtcNow(), system.Tickets[number].UpdatedAt);
        await WatchAsync(TimeSpan.FromMinutes(15), 2);
        Assert.NotEqual(DeskStatus.Resolved, await DeskStatusAsync(id));
        Assert.Equal(1, FixedMessages());
    }

    private async Task<DeskStatus?> DeskStatusAsync(string id) =>
        (await _host.Services.GetRequiredService<IHelpdeskStore>().GetAsync(id, default))?.Desk?.Status;

    /// <summary>The "marked as fixed" messages in the reporter's chat.</summary>
    private int FixedMessages() =>
        _team.Requests(r => r.Method == "POST" && r.Path == "/v3/conversations/a:personal-alex/activities" && (r.Text ?? string.Empty).StartsWith("The help desk has marked", StringComparison.Ordinal)).Count;

    /// <summary>A ticket system whose one ticket an agent resolves at a given time (as ServiceNow's resolved_at says).</summary>
    private sealed class ScriptedTicketProvider : ITicketProvider
    {
        private volatile TicketView? _view;

        public string Name => "scripted";

        public void Resolve(DateTimeOffset at) => _view = new TicketView(new TicketRef("scripted", "SCR-1", null, null), "t", "Resolved", ExternalTicketState.Resolved, at);

        public Task<TicketRef?> FindByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken) => Task.FromResult<TicketRef?>(null);

        public Task<TicketRef> CreateAsync(TicketDraft draft, CancellationToken cancellationToken) => Task.FromResult(new TicketRef("scripted", "SCR-1", null, null));

        public Task AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<TicketView?> GetAsync(TicketRef ticket, CancellationToken cancellationToken)
            => Task.FromResult<TicketView?>(_view ?? new TicketView(ticket, "t", "New", ExternalTicketState.Open));
    }

    /// <summary>A ticket system that is down (every call fails at once) until <see cref="Up"/>.</summary>
    private sealed class DownTicketProvider : ITicketProvider
    {
        public bool Up { get; set; }

        public string Name => "down";

        public Task<TicketRef?> FindByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken) => Up ? Task.FromResult<TicketRef?>(null) : throw Down();

        public Task<TicketRef> CreateAsync(TicketDraft draft, CancellationToken cancellationToken) => Up ? Task.FromResult(new TicketRef("down", "DOWN-1", null, null)) : throw Down();

        public Task AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken) => throw Down();

        public Task<TicketView?> GetAsync(TicketRef ticket, CancellationToken cancellationToken) => throw Down();

        private static TicketProviderException Down() => new("down", "the ticket system answered 503", 503);
    }
}
