using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// A reopening's card updates are a durable step like a resolution's: written with the reopening (notify_pending),
/// walked in the background right after the click, finished by the watch after a stop. And a "fixed" message queued before a reopening is not
/// delivered after it. The whole bot with the real clock and the loopback connector, on SQLite and on PostgreSQL.
/// </summary>
public abstract class ReopenFanOutTests : IAsyncLifetime
{
    private const int Reporters = 6;
    private const int StopAfter = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly StoppingCaseStore.Switch _stop = new();
    private ConversationHost _host = null!;

    /// <summary>The storage settings of the engine under test.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> StorageAsync();

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(await StorageAsync())
        {
            // Only the round each host runs when it starts: the restart's round finishes what the stop left.
            ["Incidents:WatchPoll"] = "00:10:00",
        };
        _host = await ConversationHost.StartAsync(null, settings, services =>
        {
            var original = services.Last(d => d.ServiceType == typeof(ICaseStore));
            services.Replace(ServiceDescriptor.Singleton<ICaseStore>(sp => new StoppingCaseStore((ICaseStore)original.ImplementationFactory!(sp), _stop)));
        });
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_host is not null) // null when the engine's prerequisite is missing
        {
            await _host.DisposeAsync();
        }
    }

    private static string Text(ConnectorRequest r) => (r.Text ?? string.Empty) + ConversationHost.Json(r.Card);

    private static bool IsFixedMessage(ConnectorRequest r) => r is { Method: "POST", Succeeded: true } && (r.Text ?? string.Empty).StartsWith("The help desk has marked", StringComparison.Ordinal);

    private static bool IsReopenedCard(ConnectorRequest r, string chat) =>
        r is { Method: "PUT", Succeeded: true } && r.Path.StartsWith($"/v3/conversations/{chat}/", StringComparison.Ordinal) && Text(r).Contains(UserTexts.English.FixReopened, StringComparison.Ordinal);

    private static bool IsFixedCard(ConnectorRequest r, string chat) =>
        r is { Method: "PUT", Succeeded: true } && r.Path.StartsWith($"/v3/conversations/{chat}/", StringComparison.Ordinal) && Text(r).Contains("Marked fixed by the help desk since", StringComparison.Ordinal);

    [Fact]
    public async Task A_reopening_stopped_midway_is_finished_after_a_restart_and_every_card_says_reopened_once()
    {
        var incidentId = await IncidentSeed.SeedAsync(_host.Services, _host.Connector.ServiceUrl, ConversationHost.BotId, "19:team", "19:desk@thread.tacv2", new Uri("https://wiki.contoso.test/"), Reporters, default);
        var chats = Enumerable.Range(0, Reporters).Select(IncidentSeed.ChatOf).ToList();
        var resolved = await _host.Services.GetRequiredService<IncidentDesk>().ResolveNowAsync(incidentId, "Megan Bowen", "test", default);
        Assert.Equal(IncidentActionOutcome.Done, resolved.Outcome);
        await WaitAsync(rs => chats.All(c => rs.Any(r => IsFixedCard(r, c))) && rs.Count(IsFixedMessage) == Reporters, "every reporter told it is fixed");

        // The reopening's walk stops after three reporters (the fourth case write fails, as if the process died there).
        _stop.After = StopAfter;
        var reopened = await _host.Services.GetRequiredService<IncidentDesk>().ReopenAsync(incidentId, new HelpdeskAgent("agent-2", "Adele Vance", "teams"), default);
        Assert.Equal(IncidentActionOutcome.Done, reopened.Outcome);
        await StoppedAsync(incidentId, StopAfter);
        Assert.True((await _host.Services.GetRequiredService<IHelpdeskStore>().GetAsync(incidentId, default))!.NotifyPending);
        await WaitAsync(rs => chats.Take(StopAfter).All(c => rs.Any(r => IsReopenedCard(r, c))), "the first three cards say reopened");

        // A new host on the same database: its watch's first round finishes the reopening's step.
        await CardsSettledAsync();
        _stop.After = null;
        await _host.RestartAsync();
        _ = _host.Services; // starts the new host (and its watch)
        await WaitAsync(rs => chats.All(c => rs.Any(r => IsReopenedCard(r, c))), "every card says reopened");
        await SettledAsync(incidentId); // a second update would be queued or on its way now

        var requests = _host.Connector.Requests;
        foreach (var chat in chats)
        {
            Assert.Single(requests, r => IsReopenedCard(r, chat));
            Assert.True(IsReopenedCard(requests.Last(r => r.Method == "PUT" && r.Path.StartsWith($"/v3/conversations/{chat}/", StringComparison.Ordinal)), chat), $"{chat}'s last card does not say reopened");
        }

        Assert.Equal(Reporters, requests.Count(IsFixedMessage));
        Assert.All(await CaseStatesAsync(), s => Assert.Equal((null, true), (s.FixedAt, s.FixReopenedAt is not null)));
        Assert.False((await _host.Services.GetRequiredService<IHelpdeskStore>().GetAsync(incidentId, default))!.NotifyPending);
    }

    [Fact]
    public async Task A_reopening_stopped_right_after_a_case_was_written_still_updates_that_case_s_card()
    {
        var incidentId = await IncidentSeed.SeedAsync(_host.Services, _host.Connector.ServiceUrl, ConversationHost.BotId, "19:team", "19:desk@thread.tacv2", new Uri("https://wiki.contoso.test/"), Reporters, default);
        var chats = Enumerable.Range(0, Reporters).Select(IncidentSeed.ChatOf).ToList();
        Assert.Equal(IncidentActionOutcome.Done, (await _host.Services.GetRequiredService<IncidentDesk>().ResolveNowAsync(incidentId, "Megan Bowen", "test", default)).Outcome);
        await WaitAsync(rs => chats.All(c => rs.Any(r => IsFixedCard(r, c))) && rs.Count(IsFixedMessage) == Reporters, "every reporter told it is fixed");

        // The fourth reporter's case is taken back and the process stops right after that write, before anything else:
        // a rerun skips that case (it no longer says fixed), so its card must have been queued with the write.
        _stop.AfterCommit = true;
        _stop.After = StopAfter;
        Assert.Equal(IncidentActionOutcome.Done, (await _host.Services.GetRequiredService<IncidentDesk>().ReopenAsync(incidentId, new HelpdeskAgent("agent-2", "Adele Vance", "teams"), default)).Outcome);
        await StoppedAsync(incidentId, StopAfter + 1);
        await WaitAsync(rs => chats.Take(StopAfter + 1).All(c => rs.Any(r => IsReopenedCard(r, c))), "the first four cards say reopened");

        await CardsSettledAsync();
        _stop.After = null;
        await _host.RestartAsync();
        _ = _host.Services; // starts the new host (and its watch)
        await WaitAsync(rs => chats.All(c => rs.Any(r => IsReopenedCard(r, c))), "every card says reopened");
        await SettledAsync(incidentId); // a second update would be queued or on its way now

        foreach (var chat in chats)
        {
            Assert.Single(_host.Connector.Requests, r => IsReopenedCard(r, chat));
        }
    }

    [Fact]
    public async Task A_reporter_whose_fixed_write_kept_losing_is_told_by_the_watch_s_next_round()
    {
        var incidentId = await IncidentSeed.SeedAsync(_host.Services, _host.Connector.ServiceUrl, ConversationHost.BotId, "19:team", "19:desk@thread.tacv2", new Uri("https://wiki.contoso.test/"), Reporters, default);
        var chats = Enumerable.Range(0, Reporters).Select(IncidentSeed.ChatOf).ToList();

        // Reporter 1's case loses every try of the click's walk (as to concurrent writes of the case): not told yet,
        // and the step is not done, so the flag stays for the watch.
        _stop.LosingCase = "c-seed-1";
        _stop.Losses = 5; // every try CaseService makes
        Assert.Equal(IncidentActionOutcome.Done, (await _host.Services.GetRequiredService<IncidentDesk>().ResolveNowAsync(incidentId, "Megan Bowen", "test", default)).Outcome);
        await WalkedPastAsync(incidentId, chats.Count - 1); // the last reporter's message queued: the walk is over
        Assert.Null((await CaseStatesAsync())[1].FixedAt);
        Assert.True((await _host.Services.GetRequiredService<IHelpdeskStore>().GetAsync(incidentId, default))!.NotifyPending);

        // The watch's next round tells reporter 1; every reporter is told once.
        await _host.Services.GetRequiredService<IncidentWatch>().RunOnceAsync(default);
        await WaitAsync(rs => chats.All(c => rs.Any(r => IsFixedCard(r, c))) && rs.Count(IsFixedMessage) == Reporters, "every reporter told it is fixed");
        Assert.All(await CaseStatesAsync(), s => Assert.NotNull(s.FixedAt));
        Assert.False((await _host.Services.GetRequiredService<IHelpdeskStore>().GetAsync(incidentId, default))!.NotifyPending);
        // Told once each: the rerun queued nothing again for the reporters already told (one "fixed" write each, the
        // card queued with it).
        await SettledAsync(incidentId);
        Assert.Equal(Reporters, _host.Connector.Requests.Count(IsFixedMessage));
        for (var i = 0; i < Reporters; i++)
        {
            Assert.Single(await _host.Services.GetRequiredService<ICaseStore>().GetEventsAsync($"c-seed-{i}", default), e => e.Kind == "fixed");
        }

        foreach (var chat in chats)
        {
            Assert.True(IsFixedCard(_host.Connector.Requests.Last(r => r.Method == "PUT" && r.Path.StartsWith($"/v3/conversations/{chat}/", StringComparison.Ordinal)), chat), $"{chat}'s last card does not say fixed");
        }
    }

    [Fact]
    public async Task A_fixed_message_queued_before_the_incident_was_reopened_is_not_delivered_after_it()
    {
        var incidentId = await IncidentSeed.SeedAsync(_host.Services, _host.Connector.ServiceUrl, ConversationHost.BotId, "19:team", "19:desk@thread.tacv2", new Uri("https://wiki.contoso.test/"), 3, default);
        var chats = Enumerable.Range(0, 3).Select(IncidentSeed.ChatOf).ToList();
        var desk = _host.Services.GetRequiredService<IncidentDesk>();

        // Teams throttles while the resolution's messages are queued: they wait; meanwhile the incident is reopened.
        _host.Connector.FailAll(429, TimeSpan.FromSeconds(3));
        Assert.Equal(IncidentActionOutcome.Done, (await desk.ResolveNowAsync(incidentId, "Megan Bowen", "test", default)).Outcome);
        await WalkedPastAsync(incidentId, 2); // every message queued (the walk is in the background)
        Assert.Equal(IncidentActionOutcome.Done, (await desk.ReopenAsync(incidentId, new HelpdeskAgent("agent-2", "Adele Vance", "teams"), default)).Outcome);

        // Teams answers again once every send that began before the reopening is over (each answered 429): whatever
        // goes out from now on was checked after the reopening.
        var deliveries = _host.Services.GetRequiredService<IDeliveryStore>();
        using (var deadline = new CancellationTokenSource(Patience, TimeProvider.System))
        {
            while ((await deliveries.CountByStateAsync(default)).GetValueOrDefault(DeliveryState.InProgress) > 0)
            {
                Assert.False(deadline.IsCancellationRequested, "Deliveries still in flight.");
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }
        }

        _host.Connector.Recover();

        // The messages' rows are done without a send; the cards say reopened.
        await WaitAsync(rs => chats.All(c => rs.Any(r => IsReopenedCard(r, c))), "every card says reopened");
        using (var deadline = new CancellationTokenSource(Patience, TimeProvider.System))
        {
            while ((await deliveries.CountByStateAsync(default)) is var rows && (rows.GetValueOrDefault(DeliveryState.Pending) + rows.GetValueOrDefault(DeliveryState.InProgress)) > 0)
            {
                Assert.False(deadline.IsCancellationRequested, "Deliveries still pending.");
                await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
            }
        }

        Assert.DoesNotContain(_host.Connector.Requests, IsFixedMessage);
        Assert.Equal(0, (await deliveries.CountByStateAsync(default)).GetValueOrDefault(DeliveryState.Parked));
        foreach (var chat in chats)
        {
            Assert.True(IsReopenedCard(_host.Connector.Requests.Last(r => r.Method == "PUT" && r.Path.StartsWith($"/v3/conversations/{chat}/", StringComparison.Ordinal)), chat), $"{chat}'s last card does not say reopened");
        }
    }

    private async Task<List<CaseState>> CaseStatesAsync()
    {
        var repository = _host.Services.GetRequiredService<CaseRepository>();
        var states = new List<CaseState>();
        for (var i = 0; i < Reporters; i++)
        {
            states.Add((await repository.GetAsync($"c-seed-{i}", default))!.Value.State);
        }

        return states;
    }

    /// <summary>Until the background walk stopped by the injected failure has taken back exactly <paramref name="cases"/> cases.</summary>
    private async Task StoppedAsync(string incidentId, int cases)
    {
        using var deadline = new CancellationTokenSource(Patience, TimeProvider.System);
        while ((await CaseStatesAsync()).Count(s => s.FixedAt is null) < cases)
        {
            Assert.False(deadline.IsCancellationRequested, "The reopening's walk did not reach the injected stop.");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        Assert.Equal(cases, (await CaseStatesAsync()).Count(s => s.FixedAt is null));
        Assert.True((await _host.Services.GetRequiredService<IHelpdeskStore>().GetAsync(incidentId, default))!.NotifyPending);
    }

    /// <summary>Until the first resolution's message to reporter <paramref name="reporter"/> is queued (its delivery row exists).</summary>
    private async Task WalkedPastAsync(string incidentId, int reporter)
    {
        var deliveries = _host.Services.GetRequiredService<IDeliveryStore>();
        using var deadline = new CancellationTokenSource(Patience, TimeProvider.System);
        while (await deliveries.FindAsync(DeliveryEntry.MessageKind, ResolutionFanOut.MessageKey(incidentId, 1, $"29:reporter-{reporter}"), default) is null)
        {
            Assert.False(deadline.IsCancellationRequested, $"Reporter {reporter}'s message was never queued.");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    /// <summary>Until the incident's walk is done (its flag cleared) and the cases' cards are settled.</summary>
    private async Task SettledAsync(string incidentId)
    {
        var desk = _host.Services.GetRequiredService<IHelpdeskStore>();
        using var deadline = new CancellationTokenSource(Patience, TimeProvider.System);
        while ((await desk.GetAsync(incidentId, default))!.NotifyPending)
        {
            Assert.False(deadline.IsCancellationRequested, "The walk is not done.");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        await CardsSettledAsync();
    }

    /// <summary>
    /// Until no case card's delivery row waits or is in flight (a card enqueued again while in flight is run once
    /// more, so its row stays until that send is done): a second update would have gone out by then. Only the cases'
    /// own rows: other rows of the seeded incident (its channel card) stay pending, so the whole store never drains.
    /// Before a restart too: a row still in flight when its host stops is leased to it and sent again by the next
    /// host once the lease ends (a second, identical update; the delivery is at least once).
    /// </summary>
    private async Task CardsSettledAsync()
    {
        var deliveries = _host.Services.GetRequiredService<IDeliveryStore>();
        using var deadline = new CancellationTokenSource(Patience, TimeProvider.System);
        for (var i = 0; i < Reporters; i++)
        {
            while (await deliveries.FindAsync(ResolutionFanOut.CaseKind, $"c-seed-{i}", default) is { State: DeliveryState.Pending or DeliveryState.InProgress })
            {
                Assert.False(deadline.IsCancellationRequested, $"c-seed-{i}'s card is still waiting to go out.");
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
            }
        }
    }

    private async Task WaitAsync(Func<IReadOnlyList<ConnectorRequest>, bool> done, string what)
    {
        using var deadline = new CancellationTokenSource(Patience, TimeProvider.System);
        while (!done(_host.Connector.Requests))
        {
            Assert.False(deadline.IsCancellationRequested, $"Timed out waiting for {what}:\n" + string.Join('\n', _host.Connector.Requests.Select(r => $"{r.Status} {r.Method} {r.Path} {r.Text}")));
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    /// <summary>The case store, failing every "fix-reopened" write after the first <see cref="Switch.After"/> (when set).</summary>
    private sealed class StoppingCaseStore(ICaseStore inner, StoppingCaseStore.Switch stop) : ICaseStore
    {
        public sealed class Switch
        {
            private int _written;

            /// <summary>The refused write is committed first (the stop comes right after it, before anything else).</summary>
            public bool AfterCommit { get; set; }

            private int _lost;

            public int? After { get; set; }

            /// <summary>The case whose "fixed" writes lose (as to a concurrent write of the case) <see cref="Losses"/> times.</summary>
            public string? LosingCase { get; set; }

            public int Losses { get; set; }

            public bool Refuses(CaseEvent e)
            {
                return e.Kind == "fix-reopened" && After is { } after && Interlocked.Increment(ref _written) > after;
            }

            public bool Loses(CaseRecord updated, CaseEvent e) =>
                e.Kind == "fixed" && updated.CaseId == LosingCase && Interlocked.Increment(ref _lost) <= Losses;
        }

        public Task<bool> TryUpdateAsync(CaseRecord updated, long expectedVersion, CaseEvent auditEvent, EscalationRequest? escalation, CancellationToken cancellationToken) =>
            stop.Loses(updated, auditEvent) ? Task.FromResult(false) : Stopping(auditEvent, () => inner.TryUpdateAsync(updated, expectedVersion, auditEvent, escalation, cancellationToken));

        public Task<bool> TryUpdateAsync(CaseRecord updated, long expectedVersion, CaseEvent auditEvent, EscalationRequest? escalation, CardDelivery? card, CancellationToken cancellationToken) =>
            stop.Loses(updated, auditEvent) ? Task.FromResult(false) : Stopping(auditEvent, () => inner.TryUpdateAsync(updated, expectedVersion, auditEvent, escalation, card, cancellationToken));

        private async Task<bool> Stopping(CaseEvent auditEvent, Func<Task<bool>> write)
        {
            if (!stop.Refuses(auditEvent))
            {
                return await write();
            }

            if (stop.AfterCommit)
            {
                await write();
                throw new IOException("injected stop right after the case was written");
            }

            throw new IOException("injected stop before the case was written");
        }

        public Task<bool> TryInsertAsync(CaseRecord record, CaseEvent firstEvent, CardDelivery? card, CancellationToken cancellationToken) => inner.TryInsertAsync(record, firstEvent, card, cancellationToken);

        public Task<CaseRecord?> GetAsync(string caseId, CancellationToken cancellationToken) => inner.GetAsync(caseId, cancellationToken);

        public Task<CaseRecord?> FindOpenAsync(string conversationId, string userId, CancellationToken cancellationToken) => inner.FindOpenAsync(conversationId, userId, cancellationToken);

        public Task<bool> TryInsertAsync(CaseRecord record, CaseEvent firstEvent, CancellationToken cancellationToken) => inner.TryInsertAsync(record, firstEvent, cancellationToken);

        public Task<bool> SetCardActivityAsync(string caseId, string activityId, CancellationToken cancellationToken) => inner.SetCardActivityAsync(caseId, activityId, cancellationToken);

        public Task<IReadOnlyList<CaseRecord>> ListByUserAsync(string userId, int max, CancellationToken cancellationToken) => inner.ListByUserAsync(userId, max, cancellationToken);

        public Task<IReadOnlyList<CaseRecord>> ListUpdatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken) => inner.ListUpdatedBetweenAsync(from, to, max, cancellationToken);

        public Task<IReadOnlyList<CaseEvent>> GetEventsAsync(string caseId, CancellationToken cancellationToken) => inner.GetEventsAsync(caseId, cancellationToken);

        public Task<IReadOnlyList<string>> ClaimDiagnosesAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken) => inner.ClaimDiagnosesAsync(owner, max, lease, now, cancellationToken);

        public Task<bool> ReleaseDiagnosisAsync(string caseId, string owner, DateTimeOffset retryAt, CancellationToken cancellationToken) => inner.ReleaseDiagnosisAsync(caseId, owner, retryAt, cancellationToken);

        public Task<int> CountAwaitingDiagnosisAsync(CancellationToken cancellationToken) => inner.CountAwaitingDiagnosisAsync(cancellationToken);
    }
}

public sealed class SqliteReopenFanOutTests : ReopenFanOutTests
{
    protected override Task<IReadOnlyDictionary<string, string?>> StorageAsync() => Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());
}

public sealed class PostgresReopenFanOutTests : ReopenFanOutTests
{
    private PostgresTestDatabase? _database;

    protected override async Task<IReadOnlyDictionary<string, string?>> StorageAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("the reopening's durable card updates on PostgreSQL");
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
