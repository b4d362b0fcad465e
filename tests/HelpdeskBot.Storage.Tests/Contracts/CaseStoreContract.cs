using System.Text.Json;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Tickets.Outbox;

namespace HelpdeskBot.Storage.Tests.Contracts;

/// <summary>The <see cref="ICaseStore"/> contract, run against every engine by the subclasses below.</summary>
public abstract class CaseStoreContract : StorageContract
{
    private CaseRecord NewCase(string caseId, string conversation = "a:conv-1", string user = "29:ada", CaseStatus status = CaseStatus.Open) =>
        new(caseId, conversation, user, "wiki.contoso.com", status, "[]", 1, Clock.GetUtcNow(), Clock.GetUtcNow());

    private CaseEvent Event(string caseId, long version, string kind) => new(caseId, version, kind, "{}", Clock.GetUtcNow());

    [Fact]
    public async Task Inserted_case_reads_back_with_every_field_and_its_first_event()
    {
        var record = NewCase("case-1") with { StateJson = """{"step":"hard-refresh","answers":["ünï"]}""" };

        Assert.True(await Stores.Cases.TryInsertAsync(record, Event("case-1", 1, "created"), default));

        Assert.Equal(record, await Stores.Cases.GetAsync("case-1", default));
        var events = await Stores.Cases.GetEventsAsync("case-1", default);
        Assert.Equal([new CaseEvent("case-1", 1, "created", "{}", Start)], events);
        Assert.Null(await Stores.Cases.GetAsync("missing", default));
    }

    [Fact]
    public async Task A_status_is_stored_as_its_lower_case_name_and_read_back_from_rows_written_in_any_case()
    {
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            var id = "case-" + status;
            Assert.True(await Stores.Cases.TryInsertAsync(NewCase(id, user: "29:" + status) with { Status = status }, Event(id, 1, "created"), default));

            Assert.Equal(status.StoredName(), await Engine.SqlAsync($"SELECT status FROM cases WHERE case_id = '{id}';"));
            Assert.Equal(status, (await Stores.Cases.GetAsync(id, default))!.Status);
        }

        // A row written by hand in another letter case still reads as that status.
        await Engine.SqlAsync("UPDATE cases SET status = 'Escalated' WHERE case_id = 'case-Resolved';");
        Assert.Equal(CaseStatus.Escalated, (await Stores.Cases.GetAsync("case-Resolved", default))!.Status);
    }

    [Fact]
    public async Task Inserting_an_existing_case_id_returns_false_and_keeps_the_first()
    {
        var first = NewCase("case-1");
        Assert.True(await Stores.Cases.TryInsertAsync(first, Event("case-1", 1, "created"), default));

        Assert.False(await Stores.Cases.TryInsertAsync(first with { StateJson = "[\"other\"]" }, Event("case-1", 1, "created"), default));

        Assert.Equal(first, await Stores.Cases.GetAsync("case-1", default));
        Assert.Single(await Stores.Cases.GetEventsAsync("case-1", default));
    }

    [Fact]
    public async Task Update_at_the_current_version_writes_the_state_and_appends_the_audit_event()
    {
        var record = NewCase("case-1");
        await Stores.Cases.TryInsertAsync(record, Event("case-1", 1, "created"), default);
        Clock.Advance(TimeSpan.FromSeconds(5));
        var updated = record with { StateJson = "[\"answered\"]", Version = 2, UpdatedAt = Clock.GetUtcNow() };

        Assert.True(await Stores.Cases.TryUpdateAsync(updated, 1, Event("case-1", 2, "answered"), null, default));

        Assert.Equal(updated, await Stores.Cases.GetAsync("case-1", default));
        Assert.Equal(["created", "answered"], (await Stores.Cases.GetEventsAsync("case-1", default)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Update_at_a_stale_version_returns_false_and_writes_nothing()
    {
        var record = NewCase("case-1");
        await Stores.Cases.TryInsertAsync(record, Event("case-1", 1, "created"), default);
        Assert.True(await Stores.Cases.TryUpdateAsync(record with { Version = 2, StateJson = "[\"winner\"]" }, 1, Event("case-1", 2, "answered"), null, default));

        var escalation = TestEscalations.Create("esc-1", "case-1");
        Assert.False(await Stores.Cases.TryUpdateAsync(record with { Version = 2, StateJson = "[\"loser\"]", Status = CaseStatus.Escalated }, 1, Event("case-1", 2, "escalated"), escalation, default));

        var stored = await Stores.Cases.GetAsync("case-1", default);
        Assert.Equal("[\"winner\"]", stored!.StateJson);
        Assert.Equal(2, stored.Version);
        Assert.Equal(2, (await Stores.Cases.GetEventsAsync("case-1", default)).Count);
        Assert.Null(await Stores.Outbox.FindByEscalationIdAsync("esc-1", default));
    }

    [Fact]
    public async Task Update_that_escalates_puts_the_escalation_in_the_outbox_in_the_same_transaction_once()
    {
        var record = NewCase("case-1");
        await Stores.Cases.TryInsertAsync(record, Event("case-1", 1, "created"), default);
        var escalation = TestEscalations.Create("esc-1", "case-1");

        Assert.True(await Stores.Cases.TryUpdateAsync(record with { Version = 2, Status = CaseStatus.Escalated }, 1, Event("case-1", 2, "escalated"), escalation, default));
        // A retry of the same hand-off (same idempotency key) changes the case but adds no second row.
        Assert.True(await Stores.Cases.TryUpdateAsync(record with { Version = 3, Status = CaseStatus.Escalated }, 2, Event("case-1", 3, "escalated"), escalation, default));

        var entry = await Stores.Outbox.FindByEscalationIdAsync("esc-1", default);
        Assert.NotNull(entry);
        Assert.Equal(OutboxState.Pending, entry.State);
        Assert.Equal(Start, entry.NextAttemptAt);
        Assert.Equal(StoredJson.Of(escalation), StoredJson.Of(entry.Request));
        Assert.Equal(1, (await Stores.Outbox.CountByStateAsync(default))[OutboxState.Pending]);
    }

    [Fact]
    public async Task A_case_and_its_cards_delivery_are_written_together_or_not_at_all()
    {
        var record = NewCase("case-1");
        Assert.True(await Stores.Cases.TryInsertAsync(record, Event("case-1", 1, "created"), new CardDelivery("case", Clock.GetUtcNow()), default));

        var queued = await Stores.Deliveries.FindAsync("case", "case-1", default);
        Assert.Equal((DeliveryState.Pending, Start, 0), (queued!.State, queued.NextAttemptAt, queued.Attempts));

        // An insert that finds the id, or an update that loses the race, queues nothing.
        Assert.False(await Stores.Cases.TryInsertAsync(NewCase("case-1"), Event("case-1", 1, "created"), new CardDelivery("other", Clock.GetUtcNow()), default));
        Assert.True(await Stores.Cases.TryUpdateAsync(record with { Version = 2 }, 1, Event("case-1", 2, "answered"), null, default));
        Assert.False(await Stores.Cases.TryUpdateAsync(record with { Version = 2 }, 1, Event("case-1", 2, "answered"), null, new CardDelivery("other", Clock.GetUtcNow()), default));
        Assert.Null(await Stores.Deliveries.FindAsync("other", "case-1", default));

        // Sent: the row is gone; the update that diagnoses the case queues the card again, in its write.
        var claimed = Assert.Single(await Stores.Deliveries.ClaimAsync("me", 10, TimeSpan.FromMinutes(1), Clock.GetUtcNow(), default));
        Assert.Contains(claimed.Id, await Stores.Deliveries.CompleteAsync([claimed.Id], "me", Clock.GetUtcNow(), default));
        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await Stores.Cases.TryUpdateAsync(record with { Version = 3, UpdatedAt = Clock.GetUtcNow() }, 2, Event("case-1", 3, "diagnosed"), null, new CardDelivery("case", Clock.GetUtcNow()), default));
        var again = await Stores.Deliveries.FindAsync("case", "case-1", default);
        Assert.Equal((DeliveryState.Pending, Start.AddSeconds(5)), (again!.State, again.NextAttemptAt));
        Assert.Equal(3, (await Stores.Cases.GetAsync("case-1", default))!.Version);

        // A card kind that is a message's is refused, and the case is not written without its card.
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Cases.TryInsertAsync(NewCase("case-2", user: "29:bob"), Event("case-2", 1, "created"), new CardDelivery(DeliveryEntry.MessageKind, Clock.GetUtcNow()), default));
        Assert.Null(await Stores.Cases.GetAsync("case-2", default));
    }

    [Fact]
    public async Task A_decorator_that_does_not_pass_a_card_on_refuses_it_and_writes_nothing()
    {
        ICaseStore passing = new PassingOnlyCases(Stores.Cases);

        await Assert.ThrowsAsync<NotSupportedException>(() => passing.TryInsertAsync(NewCase("case-1"), Event("case-1", 1, "created"), new CardDelivery("case", Clock.GetUtcNow()), default));
        Assert.Null(await Stores.Cases.GetAsync("case-1", default));
        Assert.True(await passing.TryInsertAsync(NewCase("case-1"), Event("case-1", 1, "created"), null, default));
        await Assert.ThrowsAsync<NotSupportedException>(() => passing.TryUpdateAsync(NewCase("case-1") with { Version = 2 }, 1, Event("case-1", 2, "answered"), null, new CardDelivery("case", Clock.GetUtcNow()), default));
        Assert.True(await passing.TryUpdateAsync(NewCase("case-1") with { Version = 2 }, 1, Event("case-1", 2, "answered"), null, null, default));
        Assert.Null(await Stores.Deliveries.FindAsync("case", "case-1", default));
    }

    [Fact]
    public async Task Update_whose_version_is_not_expected_plus_one_is_refused_as_a_bug()
    {
        var record = NewCase("case-1");
        await Stores.Cases.TryInsertAsync(record, Event("case-1", 1, "created"), default);

        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Cases.TryUpdateAsync(record with { Version = 5 }, 1, Event("case-1", 5, "x"), null, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Cases.TryInsertAsync(record with { CaseId = "case-2", Version = 3 }, Event("case-2", 3, "created"), default));
    }

    [Fact]
    public async Task Concurrent_writers_on_two_instances_never_lose_an_update()
    {
        const int Writers = 20;
        var other = await OpenAnotherInstanceAsync();
        await Stores.Cases.TryInsertAsync(NewCase("case-1"), Event("case-1", 1, "created"), default);

        // Each writer appends its own item with read-modify-write, retrying when it loses, as the flow does.
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            var store = i % 2 == 0 ? Stores.Cases : other.Cases;
            while (true)
            {
                var current = (await store.GetAsync("case-1", default))!;
                var items = JsonSerializer.Deserialize<List<int>>(current.StateJson)!;
                items.Add(i);
                var next = current with { StateJson = JsonSerializer.Serialize(items), Version = current.Version + 1 };
                if (await store.TryUpdateAsync(next, current.Version, new CaseEvent("case-1", next.Version, "answered", $"{{\"writer\":{i}}}", Start), null, default))
                {
                    return;
                }
            }
        })));

        var final = (await Stores.Cases.GetAsync("case-1", default))!;
        Assert.Equal(Writers + 1, final.Version);
        Assert.Equal(Enumerable.Range(0, Writers), JsonSerializer.Deserialize<List<int>>(final.StateJson)!.Order());
        var events = await Stores.Cases.GetEventsAsync("case-1", default);
        Assert.Equal(Enumerable.Range(1, Writers + 1).Select(v => (long)v), events.Select(e => e.Version));
    }

    [Fact]
    public async Task FindOpen_returns_the_newest_case_of_that_user_in_that_conversation_that_is_not_closed()
    {
        await Stores.Cases.TryInsertAsync(NewCase("old-open"), Event("old-open", 1, "created"), default);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Stores.Cases.TryInsertAsync(NewCase("new-open"), Event("new-open", 1, "created"), default);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Stores.Cases.TryInsertAsync(NewCase("resolved", status: CaseStatus.Resolved), Event("resolved", 1, "created"), default);
        await Stores.Cases.TryInsertAsync(NewCase("other-user", user: "29:bob"), Event("other-user", 1, "created"), default);
        await Stores.Cases.TryInsertAsync(NewCase("other-chat", conversation: "a:conv-2"), Event("other-chat", 1, "created"), default);

        Assert.Equal("new-open", (await Stores.Cases.FindOpenAsync("a:conv-1", "29:ada", default))?.CaseId);
        Assert.Equal("other-user", (await Stores.Cases.FindOpenAsync("a:conv-1", "29:bob", default))?.CaseId);
        Assert.Null(await Stores.Cases.FindOpenAsync("a:conv-3", "29:ada", default));
    }

    [Fact]
    public async Task Lists_by_user_newest_first_and_by_update_time_within_a_half_open_range()
    {
        for (var i = 0; i < 5; i++)
        {
            await Stores.Cases.TryInsertAsync(NewCase($"case-{i}"), Event($"case-{i}", 1, "created"), default);
            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await Stores.Cases.TryInsertAsync(NewCase("bob-1", user: "29:bob"), Event("bob-1", 1, "created"), default);

        Assert.Equal(["case-4", "case-3", "case-2"], (await Stores.Cases.ListByUserAsync("29:ada", 3, default)).Select(c => c.CaseId));
        var between = await Stores.Cases.ListUpdatedBetweenAsync(Start.AddMinutes(1), Start.AddMinutes(3), 100, default);
        Assert.Equal(["case-2", "case-1"], between.Select(c => c.CaseId));
    }

    [Fact]
    public async Task A_case_written_awaiting_its_diagnosis_is_claimed_once_and_cleared_by_the_write_that_diagnoses_it()
    {
        var waiting = NewCase("case-1") with { AwaitsDiagnosis = true };
        await Stores.Cases.TryInsertAsync(waiting, Event("case-1", 1, "created"), default);
        await Stores.Cases.TryInsertAsync(NewCase("case-2"), Event("case-2", 1, "created"), default);
        Assert.Equal(waiting, await Stores.Cases.GetAsync("case-1", default));
        Assert.Equal(1, await Stores.Cases.CountAwaitingDiagnosisAsync(default));

        Assert.Equal(["case-1"], await Stores.Cases.ClaimDiagnosesAsync("a", 10, TimeSpan.FromMinutes(2), Clock.GetUtcNow(), default));
        Assert.Empty(await Stores.Cases.ClaimDiagnosesAsync("b", 10, TimeSpan.FromMinutes(2), Clock.GetUtcNow(), default));

        // A write that keeps it waiting (a click while it is probed) keeps the claim; the diagnosis's write clears it.
        var clicked = waiting with { StateJson = "[1]", Version = 2 };
        Assert.True(await Stores.Cases.TryUpdateAsync(clicked, 1, Event("case-1", 2, "answered"), null, default));
        Assert.Empty(await Stores.Cases.ClaimDiagnosesAsync("b", 10, TimeSpan.FromMinutes(2), Clock.GetUtcNow(), default));
        Assert.True(await Stores.Cases.TryUpdateAsync(clicked with { Version = 3, AwaitsDiagnosis = false }, 2, Event("case-1", 3, "diagnosed"), null, default));

        Assert.Equal(0, await Stores.Cases.CountAwaitingDiagnosisAsync(default));
        Assert.False(await Stores.Cases.ReleaseDiagnosisAsync("case-1", "a", Clock.GetUtcNow(), default));
        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await Stores.Cases.ClaimDiagnosesAsync("b", 10, TimeSpan.FromMinutes(2), Clock.GetUtcNow(), default));

        // "Check again": waiting anew, due at once.
        Assert.True(await Stores.Cases.TryUpdateAsync(clicked with { Version = 4, AwaitsDiagnosis = true }, 3, Event("case-1", 4, "recheck"), null, default));
        Assert.Equal(["case-1"], await Stores.Cases.ClaimDiagnosesAsync("b", 10, TimeSpan.FromMinutes(2), Clock.GetUtcNow(), default));
    }

    [Fact]
    public async Task A_diagnosis_given_back_is_due_again_at_its_retry_time_and_an_expired_claim_is_taken_over()
    {
        await Stores.Cases.TryInsertAsync(NewCase("case-1") with { AwaitsDiagnosis = true }, Event("case-1", 1, "created"), default);
        await Stores.Cases.ClaimDiagnosesAsync("a", 10, TimeSpan.FromMinutes(2), Clock.GetUtcNow(), default);

        Assert.False(await Stores.Cases.ReleaseDiagnosisAsync("case-1", "b", Clock.GetUtcNow(), default)); // not b's claim
        Assert.True(await Stores.Cases.ReleaseDiagnosisAsync("case-1", "a", Clock.GetUtcNow().AddSeconds(30), default));
        Assert.Empty(await Stores.Cases.ClaimDiagnosesAsync("b", 10, TimeSpan.FromMinutes(2), Clock.GetUtcNow(), default));
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(["case-1"], await Stores.Cases.ClaimDiagnosesAsync("b", 10, TimeSpan.FromMinutes(2), Clock.GetUtcNow(), default));

        // b dies: its claim expires and a takes it over.
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(["case-1"], await Stores.Cases.ClaimDiagnosesAsync("a", 10, TimeSpan.FromMinutes(2), Clock.GetUtcNow(), default));
        Assert.Equal(1, await Stores.Cases.CountAwaitingDiagnosisAsync(default));
    }

    [Fact]
    public async Task Two_instances_claiming_at_once_never_take_the_same_diagnosis()
    {
        const int Count = 200;
        var other = await OpenAnotherInstanceAsync();
        for (var i = 0; i < Count; i++)
        {
            await Stores.Cases.TryInsertAsync(NewCase($"case-{i}") with { AwaitsDiagnosis = true }, Event($"case-{i}", 1, "created"), default);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Stores.Cases : other.Cases).ClaimDiagnosesAsync($"owner-{i}", 15, TimeSpan.FromMinutes(2), Clock.GetUtcNow(), default))));

        // A claimer may skip rows another holds at that moment: what is left goes to the next claim.
        var all = claims.SelectMany(c => c).Concat(await Stores.Cases.ClaimDiagnosesAsync("late", Count, TimeSpan.FromMinutes(2), Clock.GetUtcNow(), default)).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(Count, all.Count);
    }
}

public sealed class SqliteCaseStoreTests : CaseStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => SqliteAsync();
}

public sealed class PostgresCaseStoreTests : CaseStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => PostgresAsync();
}

/// <summary>A decorator written before cases took their card's delivery: it passes on only the card-less writes.</summary>
internal sealed class PassingOnlyCases(ICaseStore inner) : ICaseStore
{
    public Task<CaseRecord?> GetAsync(string caseId, CancellationToken cancellationToken) => inner.GetAsync(caseId, cancellationToken);

    public Task<CaseRecord?> FindOpenAsync(string conversationId, string userId, CancellationToken cancellationToken) => inner.FindOpenAsync(conversationId, userId, cancellationToken);

    public Task<bool> TryInsertAsync(CaseRecord record, CaseEvent firstEvent, CancellationToken cancellationToken) => inner.TryInsertAsync(record, firstEvent, cancellationToken);

    public Task<bool> TryUpdateAsync(CaseRecord updated, long expectedVersion, CaseEvent auditEvent, HelpdeskBot.Tickets.Escalations.EscalationRequest? escalation, CancellationToken cancellationToken) =>
        inner.TryUpdateAsync(updated, expectedVersion, auditEvent, escalation, cancellationToken);

    public Task<bool> SetCardActivityAsync(string caseId, string activityId, CancellationToken cancellationToken) => inner.SetCardActivityAsync(caseId, activityId, cancellationToken);

    public Task<IReadOnlyList<CaseRecord>> ListByUserAsync(string userId, int max, CancellationToken cancellationToken) => inner.ListByUserAsync(userId, max, cancellationToken);

    public Task<IReadOnlyList<CaseRecord>> ListUpdatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken) => inner.ListUpdatedBetweenAsync(from, to, max, cancellationToken);

    public Task<IReadOnlyList<CaseEvent>> GetEventsAsync(string caseId, CancellationToken cancellationToken) => inner.GetEventsAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<string>> ClaimDiagnosesAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken) => inner.ClaimDiagnosesAsync(owner, max, lease, now, cancellationToken);

    public Task<bool> ReleaseDiagnosisAsync(string caseId, string owner, DateTimeOffset retryAt, CancellationToken cancellationToken) => inner.ReleaseDiagnosisAsync(caseId, owner, retryAt, cancellationToken);

    public Task<int> CountAwaitingDiagnosisAsync(CancellationToken cancellationToken) => inner.CountAwaitingDiagnosisAsync(cancellationToken);
}
