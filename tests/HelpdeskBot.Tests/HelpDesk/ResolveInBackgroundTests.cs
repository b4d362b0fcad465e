using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using HelpdeskBot.Tickets.Escalations;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// The Resolve click answers at once and the walk that tells each reporter runs in the background, on the durable
/// path: the incident card says "Telling N reporters…" while the walk's flag is set and how many reporters' messages
/// are queued once it cleared it; a stop mid-walk is finished after the restart, a failed walk by the watch's round,
/// and neither queues anything again for a reporter already told. The walk is held or failed at a reporter's message
/// by a delivery queue around the real one (the walk queues the messages; the connector sends them later). The whole
/// bot with the real clock, the loopback connector and a loopback site, on SQLite and on PostgreSQL.
/// </summary>
public abstract class ResolveInBackgroundTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly HeldDeliveryQueue _queue = new();
    private ConversationHost _host = null!;
    private HelpdeskTeam _team = null!;

    /// <summary>The storage settings of the engine under test.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> StorageAsync();

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(await StorageAsync())
        {
            // Only the round each host runs when it starts (and the rounds a test runs itself).
            ["Incidents:WatchPoll"] = "00:10:00",
        };
        _host = await ConversationHost.StartAsync(null, settings, _queue.Replace);
        _team = await HelpdeskTeam.StartAsync(_host);
        _team.Failing = false;
    }

    public virtual async ValueTask DisposeAsync()
    {
        _queue.Release();
        if (_host is not null) // null when the engine's prerequisite is missing
        {
            _host.AssertAllCardsValid();
            await _team.DisposeAsync();
            await _host.DisposeAsync();
        }
    }

    private static string Text(JsonNode? node) => ConversationHost.Json(node);

    private static bool IsFixedMessage(ConnectorRequest r, string chat) =>
        r is { Method: "POST", Succeeded: true } && r.Path.StartsWith($"/v3/conversations/{chat}/", StringComparison.Ordinal) && (r.Text ?? string.Empty).StartsWith("Good news", StringComparison.Ordinal);

    private static bool IsFixedCard(ConnectorRequest r, string chat) =>
        r is { Method: "PUT", Succeeded: true } && r.Path.StartsWith($"/v3/conversations/{chat}/", StringComparison.Ordinal) && Text(r.Card).Contains("our servers see it working", StringComparison.Ordinal);

    private static bool IsIncidentCard(ConnectorRequest r, string says) =>
        r is { Method: "PUT", Succeeded: true } && Text(r.Card).Contains("Resolved by Megan Bowen", StringComparison.Ordinal) && Text(r.Card).Contains(says, StringComparison.Ordinal);

    [Fact]
    public async Task The_Resolve_click_answers_before_the_walk_and_the_card_says_telling_then_how_many_messages_are_queued()
    {
        const int reporters = 4;
        var (incidentId, chats) = await SeedAsync(reporters);

        // The walk is held at the second reporter's message: it cannot finish before the release.
        _queue.HoldAt = 2;
        var answer = await ClickResolveAsync(incidentId);
        Assert.Contains("Resolved by Megan Bowen", Text(answer), StringComparison.Ordinal);
        Assert.Contains("Telling 4 reporters it is fixed…", Text(answer), StringComparison.Ordinal);
        await _queue.Held.WaitAsync(Patience, TimeProvider.System);
        Assert.True((await DeskAsync(incidentId)).NotifyPending);

        // The channel's card says the same while the walk is held; released, the walk clears the flag and the card
        // says how many reporters' messages are queued.
        await _team.WaitUntilAsync(rs => rs.Any(r => IsIncidentCard(r, "Telling 4 reporters it is fixed…")), "the incident card saying it tells 4 reporters");
        Assert.DoesNotContain(_host.Connector.Requests, r => IsIncidentCard(r, "queued for"));
        _queue.Release();
        await WalkedAsync(incidentId);
        var desk = (await DeskAsync(incidentId)).Desk!;
        Assert.Equal((4, 1), (desk.ReportersTold, desk.ReportersToldFor));
        await _team.WaitUntilAsync(rs => rs.Any(r => IsIncidentCard(r, "“Fixed” messages queued for 4 reporters")), "the incident card saying 4 messages are queued");

        // Every reporter: told once, their card updated once.
        await _team.WaitUntilAsync(rs => chats.All(c => rs.Any(r => IsFixedMessage(r, c)) && rs.Any(r => IsFixedCard(r, c))), "every reporter told");
        await CardsSettledAsync(reporters);
        EachToldOnce(chats);
    }

    [Fact]
    public async Task A_stop_during_the_walk_is_finished_after_the_restart_and_each_reporter_is_told_once()
    {
        const int reporters = 6;
        var (incidentId, chats) = await SeedAsync(reporters);

        // Held at the third reporter's message: reporters 0 and 1 are told, reporter 2's case is marked (its card queued
        // with the mark) and its message not queued yet when the bot stops.
        _queue.HoldAt = 3;
        Assert.Contains("Telling 6 reporters it is fixed…", Text(await ClickResolveAsync(incidentId)), StringComparison.Ordinal);
        await _queue.Held.WaitAsync(Patience, TimeProvider.System);
        await _team.WaitUntilAsync(rs => chats.Take(2).All(c => rs.Any(r => IsFixedMessage(r, c))) && chats.Take(3).All(c => rs.Any(r => IsFixedCard(r, c))), "the first reporters told");
        await CardsSettledAsync(3);

        // A new host on the same database: its watch's first round walks again.
        Assert.True((await DeskAsync(incidentId)).NotifyPending);
        await _host.RestartAsync();
        _ = _host.Services; // starts the new host (and its watch)
        await _team.WaitUntilAsync(rs => chats.All(c => rs.Any(r => IsFixedMessage(r, c)) && rs.Any(r => IsFixedCard(r, c))), "every reporter told");
        await WalkedAsync(incidentId);
        await CardsSettledAsync(reporters);
        await MessagesSentAsync(incidentId, reporters);

        // Told once each, cards updated once each: the new host (which never showed the first cards) was queued
        // nothing again for the reporters told before the stop.
        EachToldOnce(chats);

        Assert.Equal((6, 1), ((await DeskAsync(incidentId)).Desk!.ReportersTold, (await DeskAsync(incidentId)).Desk!.ReportersToldFor));
        await _team.WaitUntilAsync(rs => rs.Any(r => IsIncidentCard(r, "“Fixed” messages queued for 6 reporters")), "the incident card saying 6 messages are queued");
    }

    [Fact]
    public async Task A_walk_that_failed_midway_is_finished_by_the_watch_s_round_which_queues_nothing_again_for_reporters_told()
    {
        const int reporters = 5;
        var (incidentId, chats) = await SeedAsync(reporters);

        // The walk fails at the third reporter's message (reporter 2's case marked, its message not queued).
        _queue.FailAt = 3;
        Assert.Contains("Telling 5 reporters it is fixed…", Text(await ClickResolveAsync(incidentId)), StringComparison.Ordinal);
        using (var deadline = new CancellationTokenSource(Patience, TimeProvider.System))
        {
            while (_queue.Messages.Count < 3)
            {
                Assert.False(deadline.IsCancellationRequested, "The walk never reached the third message.");
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }
        }

        await _team.WaitUntilAsync(rs => chats.Take(2).All(c => rs.Any(r => IsFixedMessage(r, c))), "the first reporters told");
        Assert.True((await DeskAsync(incidentId)).NotifyPending);
        var (before, cardsBefore) = (_queue.Messages.Count, _queue.Cards.Count);

        // The watch's round walks again: it queues the messages from reporter 2 on, and nothing for reporters 0 and 1
        // (neither a card nor a message; their cases are not written again).
        await _host.Services.GetRequiredService<IncidentWatch>().RunOnceAsync(default);
        await WalkedAsync(incidentId);
        Assert.Equal(chats.Skip(2).Select((_, i) => ResolutionFanOut.MessageKey(incidentId, 1, $"29:reporter-{i + 2}")), _queue.Messages.Skip(before));
        Assert.DoesNotContain(_queue.Cards.Skip(cardsBefore), c => c.Kind == ResolutionFanOut.CaseKind);
        var cases = _host.Services.GetRequiredService<ICaseStore>();
        for (var i = 0; i < reporters; i++)
        {
            Assert.Single(await cases.GetEventsAsync($"c-seed-{i}", default), e => e.Kind == "fixed");
        }

        await _team.WaitUntilAsync(rs => chats.All(c => rs.Any(r => IsFixedMessage(r, c)) && rs.Any(r => IsFixedCard(r, c))), "every reporter told");
        await CardsSettledAsync(reporters);
        EachToldOnce(chats);

        await _team.WaitUntilAsync(rs => rs.Any(r => IsIncidentCard(r, "“Fixed” messages queued for 5 reporters")), "the incident card saying 5 messages are queued");
    }

    [Fact]
    public async Task A_report_that_reaches_the_desk_after_the_walk_is_told_once_and_counted_on_the_card()
    {
        const int reporters = 3;
        var (incidentId, chats) = await SeedAsync(reporters);
        // Reporter 3 reported before the resolution (joined the incident), but their ticket is still on its way.
        var late = await IncidentSeed.JoinLateAsync(_host.Services, _host.Connector.ServiceUrl, ConversationHost.BotId, new Uri(_team.SiteUrl), reporters, "HD-1", default);

        await ClickResolveAsync(incidentId);
        await WalkedAsync(incidentId);
        await _team.WaitUntilAsync(rs => rs.Any(r => IsIncidentCard(r, "“Fixed” messages queued for 3 reporters")), "the incident card saying 3 messages are queued");

        // The ticket arrives: the reporter is told it is fixed (their report predates the resolution) and the card counts them.
        await _host.Services.GetRequiredService<IEscalationNotifier>().TicketCreatedAsync(late, new TicketRef("embedded", "HD-1", null, null), reporters + 1, default);
        var desk = (await DeskAsync(incidentId)).Desk!;
        Assert.Equal((4, 1), (desk.ReportersTold, desk.ReportersToldFor));
        Assert.False((await DeskAsync(incidentId)).NotifyPending);
        var all = chats.Append(IncidentSeed.ChatOf(reporters)).ToList();
        await _team.WaitUntilAsync(rs => rs.Any(r => IsIncidentCard(r, "“Fixed” messages queued for 4 reporters")), "the incident card saying 4 messages are queued");
        await _team.WaitUntilAsync(rs => all.All(c => rs.Any(r => IsFixedMessage(r, c)) && rs.Any(r => IsFixedCard(r, c))), "every reporter told");
        await CardsSettledAsync(reporters + 1);
        await MessagesSentAsync(incidentId, reporters + 1);
        EachToldOnce(all);

        // Told and counted once: the same ticket reported again (the outbox's retry) changes nothing.
        await _host.Services.GetRequiredService<IEscalationNotifier>().TicketCreatedAsync(late, new TicketRef("embedded", "HD-1", null, null), reporters + 1, default);
        Assert.Equal(4, (await DeskAsync(incidentId)).Desk!.ReportersTold);
        Assert.Single(_queue.Messages, k => k == ResolutionFanOut.MessageKey(incidentId, 1, $"29:reporter-{reporters}"));
    }

    [Fact]
    public async Task A_report_that_reaches_the_desk_while_the_walk_runs_makes_it_walk_again_and_is_counted()
    {
        const int reporters = 3;
        var (incidentId, chats) = await SeedAsync(reporters);
        var late = await IncidentSeed.JoinLateAsync(_host.Services, _host.Connector.ServiceUrl, ConversationHost.BotId, new Uri(_team.SiteUrl), reporters, "HD-1", default);

        // The walk is held at the second reporter's message (it listed the cases before the late one was stored).
        _queue.HoldAt = 2;
        await ClickResolveAsync(incidentId);
        await _queue.Held.WaitAsync(Patience, TimeProvider.System);

        // The ticket arrives meanwhile: nothing is queued for the reporter yet; the walk will run again.
        await _host.Services.GetRequiredService<IEscalationNotifier>().TicketCreatedAsync(late, new TicketRef("embedded", "HD-1", null, null), reporters + 1, default);
        Assert.Equal(2, _queue.Messages.Count);
        var pending = await DeskAsync(incidentId);
        Assert.True(pending.NotifyPending);
        Assert.Equal(1, pending.Desk!.LateJoins);

        // Released: the first walk's listing missed the late case, so it does not clear the flag; the walk runs again,
        // tells the late reporter and counts all four.
        _queue.Release();
        await WalkedAsync(incidentId);
        var desk = (await DeskAsync(incidentId)).Desk!;
        Assert.Equal((4, 1), (desk.ReportersTold, desk.ReportersToldFor));
        var all = chats.Append(IncidentSeed.ChatOf(reporters)).ToList();
        await _team.WaitUntilAsync(rs => rs.Any(r => IsIncidentCard(r, "“Fixed” messages queued for 4 reporters")), "the incident card saying 4 messages are queued");
        Assert.DoesNotContain(_host.Connector.Requests, r => IsIncidentCard(r, "“Fixed” messages queued for 3 reporters"));
        await _team.WaitUntilAsync(rs => all.All(c => rs.Any(r => IsFixedMessage(r, c)) && rs.Any(r => IsFixedCard(r, c))), "every reporter told");
        await CardsSettledAsync(reporters + 1);
        await MessagesSentAsync(incidentId, reporters + 1);
        EachToldOnce(all);
    }

    /// <summary>An incident of <paramref name="reporters"/> reporters about the team's (working) site, its card in the escalations channel.</summary>
    private async Task<(string IncidentId, List<string> Chats)> SeedAsync(int reporters)
    {
        var incidentId = await IncidentSeed.SeedAsync(_host.Services, _host.Connector.ServiceUrl, ConversationHost.BotId, HelpdeskTeam.TeamId, HelpdeskTeam.EscalationsChannel, new Uri(_team.SiteUrl), reporters, default);
        return (incidentId, Enumerable.Range(0, reporters).Select(IncidentSeed.ChatOf).ToList());
    }

    /// <summary>The agent clicks Resolve on the incident's card (through /api/messages); returns the card Teams shows instead.</summary>
    private async Task<JsonNode> ClickResolveAsync(string incidentId)
    {
        var card = JsonNode.Parse(CardsJsonContext.ToElement(_host.Services.GetRequiredService<IncidentCards>().Incident((await DeskAsync(incidentId))!)).GetRawText())!;
        _host.Record(card);
        return await _team.ClickAsync(card, "Resolve", HelpdeskTeam.EscalationsChannel);
    }

    /// <summary>Each reporter got exactly one "fixed" message and one update of their card saying so.</summary>
    private void EachToldOnce(IEnumerable<string> chats)
    {
        foreach (var chat in chats)
        {
            Assert.Single(_host.Connector.Requests, r => IsFixedMessage(r, chat));
            Assert.Single(_host.Connector.Requests, r => IsFixedCard(r, chat));
        }
    }

    private async Task<DeskIncident> DeskAsync(string incidentId) => (await _host.Services.GetRequiredService<IHelpdeskStore>().GetAsync(incidentId, default))!;

    /// <summary>Until the walk is done: its flag cleared (bounded, real time).</summary>
    private async Task WalkedAsync(string incidentId)
    {
        using var deadline = new CancellationTokenSource(Patience, TimeProvider.System);
        while ((await DeskAsync(incidentId)).NotifyPending)
        {
            Assert.False(deadline.IsCancellationRequested, "The walk is not done.");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    /// <summary>Until the first <paramref name="count"/> case cards' delivery rows neither wait nor are in flight (a second update would be on its way).</summary>
    private async Task CardsSettledAsync(int count)
    {
        var deliveries = _host.Services.GetRequiredService<IDeliveryStore>();
        using var deadline = new CancellationTokenSource(Patience, TimeProvider.System);
        for (var i = 0; i < count; i++)
        {
            while (await deliveries.FindAsync(ResolutionFanOut.CaseKind, $"c-seed-{i}", default) is { State: DeliveryState.Pending or DeliveryState.InProgress })
            {
                Assert.False(deadline.IsCancellationRequested, $"c-seed-{i}'s card is still waiting to go out.");
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }
        }
    }

    /// <summary>Until every reporter's message row of resolution 1 is sent (none waits or is in flight).</summary>
    private async Task MessagesSentAsync(string incidentId, int count)
    {
        var deliveries = _host.Services.GetRequiredService<IDeliveryStore>();
        using var deadline = new CancellationTokenSource(Patience, TimeProvider.System);
        for (var i = 0; i < count; i++)
        {
            while (await deliveries.FindAsync(DeliveryEntry.MessageKind, ResolutionFanOut.MessageKey(incidentId, 1, $"29:reporter-{i}"), default) is not { State: DeliveryState.Sent })
            {
                Assert.False(deadline.IsCancellationRequested, $"Reporter {i}'s message is not sent.");
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }
        }
    }
}

public sealed class SqliteResolveInBackgroundTests : ResolveInBackgroundTests
{
    protected override Task<IReadOnlyDictionary<string, string?>> StorageAsync() => Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());
}

public sealed class PostgresResolveInBackgroundTests : ResolveInBackgroundTests
{
    private PostgresTestDatabase? _database;

    protected override async Task<IReadOnlyDictionary<string, string?>> StorageAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("the Resolve click's background walk on PostgreSQL");
        return new Dictionary<string, string?> { ["Storage:Provider"] = "Postgres", ["Storage:Postgres:ConnectionString"] = _database.ConnectionString };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
