using HelpdeskBot.Conversations.Delivery;

namespace HelpdeskBot.Storage.Tests.Contracts;

/// <summary>The <see cref="IDeliveryStore"/> contract, run against every engine by the subclasses below.</summary>
public abstract class DeliveryStoreContract : StorageContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private IDeliveryStore Deliveries => Stores.Deliveries;

    private DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Completes one row; true when it was completed (the lease was still <paramref name="owner"/>'s).</summary>
    private async Task<bool> CompleteOneAsync(IDeliveryStore store, long id, string owner) =>
        (await store.CompleteAsync([id], owner, Now, default)).Contains(id);

    [Fact]
    public async Task A_live_card_enqueued_many_times_while_waiting_is_one_row_due_at_the_earliest_request()
    {
        await Deliveries.EnqueueCardAsync("case", "c-1", Now + TimeSpan.FromSeconds(10), Now, default);
        await Deliveries.EnqueueCardAsync("case", "c-1", Now + TimeSpan.FromSeconds(3), Now, default);
        await Deliveries.EnqueueCardAsync("case", "c-1", Now + TimeSpan.FromSeconds(20), Now, default);
        await Deliveries.EnqueueCardAsync("incident", "c-1", Now, Now, default);

        var entry = (await Deliveries.FindAsync("case", "c-1", default))!;
        Assert.Equal((DeliveryState.Pending, 0, false, Start + TimeSpan.FromSeconds(3)), (entry.State, entry.Attempts, entry.RunAgain, entry.NextAttemptAt));
        Assert.Equal(2, (await Deliveries.CountByStateAsync(default))[DeliveryState.Pending]);

        Assert.Equal(["incident"], (await Deliveries.ClaimAsync("host-a", 10, Lease, Now, default)).Select(e => e.Kind));
        Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal("c-1", Assert.Single(await Deliveries.ClaimAsync("host-a", 10, Lease, Now, default)).SubjectId);
    }

    [Fact]
    public async Task Sent_messages_past_the_retention_are_purged_and_their_keys_free_while_newer_and_unsent_ones_stay()
    {
        Assert.True(await Deliveries.EnqueueMessageAsync("old", "{}", Now, default));
        Assert.True(await Deliveries.EnqueueMessageAsync("parked", "{}", Now, default));
        Assert.True(await Deliveries.EnqueueMessageAsync("waiting", "{}", Now + TimeSpan.FromDays(40), default));
        var claimed = await Deliveries.ClaimAsync("host-a", 10, Lease, Now, default);
        Assert.True(await CompleteOneAsync(Deliveries, claimed.Single(e => e.SubjectId == "old").Id, "host-a"));
        Assert.True(await Deliveries.ParkAsync(claimed.Single(e => e.SubjectId == "parked").Id, "host-a", "refused", Now, default));
        Clock.Advance(TimeSpan.FromDays(20));
        Assert.True(await Deliveries.EnqueueMessageAsync("recent", "{}", Now, default));
        var recent = Assert.Single(await Deliveries.ClaimAsync("host-a", 10, Lease, Now, default), e => e.SubjectId == "recent");
        Assert.True(await CompleteOneAsync(Deliveries, recent.Id, "host-a"));

        // 30 days after the first was sent, 10 after the second.
        Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(0, await Deliveries.PurgeSentAsync(Start, default));
        Assert.Equal(1, await Deliveries.PurgeSentAsync(Now - TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1), default));

        Assert.Null(await Deliveries.FindAsync(DeliveryEntry.MessageKind, "old", default));
        Assert.Equal(DeliveryState.Sent, (await Deliveries.FindAsync(DeliveryEntry.MessageKind, "recent", default))!.State);
        Assert.Equal(DeliveryState.Parked, (await Deliveries.FindAsync(DeliveryEntry.MessageKind, "parked", default))!.State);
        Assert.Equal(DeliveryState.Pending, (await Deliveries.FindAsync(DeliveryEntry.MessageKind, "waiting", default))!.State);
        Assert.True(await Deliveries.EnqueueMessageAsync("old", "{}", Now, default));
        Assert.False(await Deliveries.EnqueueMessageAsync("recent", "{}", Now, default));
    }

    [Fact]
    public async Task A_card_enqueued_while_in_flight_runs_once_more_after_and_is_removed_when_sent_without_changes()
    {
        await Deliveries.EnqueueCardAsync("case", "c-1", Now, Now, default);
        var claimed = Assert.Single(await Deliveries.ClaimAsync("host-a", 10, Lease, Now, default));

        await Deliveries.EnqueueCardAsync("case", "c-1", Now + TimeSpan.FromSeconds(5), Now, default);
        await Deliveries.EnqueueCardAsync("case", "c-1", Now + TimeSpan.FromSeconds(2), Now, default);
        var inFlight = (await Deliveries.FindAsync("case", "c-1", default))!;
        Assert.Equal((DeliveryState.InProgress, true), (inFlight.State, inFlight.RunAgain));
        Assert.Empty(await Deliveries.ClaimAsync("host-b", 10, Lease, Now + TimeSpan.FromSeconds(10), default));

        Assert.True(await CompleteOneAsync(Deliveries, claimed.Id, "host-a"));
        var again = (await Deliveries.FindAsync("case", "c-1", default))!;
        Assert.Equal((DeliveryState.Pending, false, Start + TimeSpan.FromSeconds(2)), (again.State, again.RunAgain, again.NextAttemptAt));

        Clock.Advance(TimeSpan.FromSeconds(2));
        var second = Assert.Single(await Deliveries.ClaimAsync("host-b", 10, Lease, Now, default));
        Assert.True(await CompleteOneAsync(Deliveries, second.Id, "host-b"));
        Assert.Null(await Deliveries.FindAsync("case", "c-1", default));
    }

    [Fact]
    public async Task A_message_is_sent_once_per_key_and_its_key_stays_taken()
    {
        Assert.True(await Deliveries.EnqueueMessageAsync("fixed:inc-1:29:alex", """{"a":1}""", Now, default));
        Assert.False(await Deliveries.EnqueueMessageAsync("fixed:inc-1:29:alex", """{"a":2}""", Now, default));

        var claimed = Assert.Single(await Deliveries.ClaimAsync("host-a", 10, Lease, Now, default));
        Assert.Equal((DeliveryEntry.MessageKind, """{"a":1}"""), (claimed.Kind, claimed.PayloadJson));
        Assert.True(await CompleteOneAsync(Deliveries, claimed.Id, "host-a"));
        Assert.False(await Deliveries.EnqueueMessageAsync("fixed:inc-1:29:alex", """{"a":3}""", Now, default));

        var sent = (await Deliveries.FindAsync(DeliveryEntry.MessageKind, "fixed:inc-1:29:alex", default))!;
        Assert.Equal((DeliveryState.Sent, 1), (sent.State, sent.Attempts));
        Assert.Empty(await Deliveries.ClaimAsync("host-a", 10, Lease, Now + TimeSpan.FromDays(1), default));
    }

    [Fact]
    public async Task A_rescheduled_card_keeps_its_back_off_when_enqueued_again_and_a_parked_card_is_revived()
    {
        await Deliveries.EnqueueCardAsync("case", "c-1", Now, Now, default);
        var claimed = Assert.Single(await Deliveries.ClaimAsync("host-a", 10, Lease, Now, default));
        Assert.True(await Deliveries.RescheduleAsync(claimed.Id, "host-a", Now + TimeSpan.FromSeconds(120), countAttempt: true, "Bot Connector answered 429", Now, default));

        await Deliveries.EnqueueCardAsync("case", "c-1", Now, Now, default);
        var waiting = (await Deliveries.FindAsync("case", "c-1", default))!;
        Assert.Equal((DeliveryState.Pending, 1, Start + TimeSpan.FromSeconds(120), "Bot Connector answered 429"), (waiting.State, waiting.Attempts, waiting.NextAttemptAt, waiting.LastError));
        Assert.Empty(await Deliveries.ClaimAsync("host-a", 10, Lease, Now + TimeSpan.FromSeconds(119), default));

        Clock.Advance(TimeSpan.FromSeconds(120));
        claimed = Assert.Single(await Deliveries.ClaimAsync("host-a", 10, Lease, Now, default));
        Assert.True(await Deliveries.ParkAsync(claimed.Id, "host-a", "gone", Now, default));
        Assert.Empty(await Deliveries.ClaimAsync("host-a", 10, Lease, Now + TimeSpan.FromDays(1), default));

        await Deliveries.EnqueueCardAsync("case", "c-1", Now, Now, default);
        var revived = (await Deliveries.FindAsync("case", "c-1", default))!;
        Assert.Equal((DeliveryState.Pending, 0, Start + TimeSpan.FromSeconds(120)), (revived.State, revived.Attempts, revived.CreatedAt));
    }

    [Fact]
    public async Task A_pacing_deferral_counts_no_attempt_and_an_expired_lease_is_taken_over()
    {
        await Deliveries.EnqueueCardAsync("case", "c-1", Now, Now, default);
        var claimed = Assert.Single(await Deliveries.ClaimAsync("host-a", 10, Lease, Now, default));
        Assert.True(await Deliveries.RescheduleAsync(claimed.Id, "host-a", Now + TimeSpan.FromSeconds(1), countAttempt: false, null, Now, default));
        Assert.Equal(0, (await Deliveries.FindAsync("case", "c-1", default))!.Attempts);

        Clock.Advance(TimeSpan.FromSeconds(1));
        claimed = Assert.Single(await Deliveries.ClaimAsync("host-a", 10, Lease, Now, default));
        Clock.Advance(Lease);
        var other = await OpenAnotherInstanceAsync();
        var takenOver = Assert.Single(await other.Deliveries.ClaimAsync("host-b", 10, Lease, Now, default));
        Assert.Equal("host-b", takenOver.LeaseOwner);
        Assert.False(await CompleteOneAsync(Deliveries, claimed.Id, "host-a"));
        Assert.False(await Deliveries.RescheduleAsync(claimed.Id, "host-a", Now, countAttempt: true, "late", Now, default));
        Assert.True(await CompleteOneAsync(other.Deliveries, claimed.Id, "host-b"));
    }

    [Fact]
    public async Task Concurrent_claimers_on_two_instances_never_take_the_same_row()
    {
        const int Rows = 200;
        for (var i = 0; i < Rows; i++)
        {
            await Deliveries.EnqueueMessageAsync("m-" + i, "{}", Now, default);
        }

        var other = await OpenAnotherInstanceAsync();
        var claims = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = w % 2 == 0 ? Deliveries : other.Deliveries;
            while (true)
            {
                var batch = await store.ClaimAsync("host-" + w, 7, Lease, Now, default);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var e in batch)
                {
                    claims.Add(e.Id);
                    Assert.True(await CompleteOneAsync(store, e.Id, "host-" + w));
                }
            }
        })));

        Assert.Equal(Rows, claims.Count);
        Assert.Equal(Rows, claims.Distinct().Count());
        Assert.Equal(Rows, (await Deliveries.CountByStateAsync(default))[DeliveryState.Sent]);
    }

    [Fact]
    public async Task One_completion_of_several_rows_records_each_as_a_single_completion_would_and_skips_a_lost_lease()
    {
        await Deliveries.EnqueueCardAsync("case", "done", Now, Now, default);
        await Deliveries.EnqueueCardAsync("case", "again", Now, Now, default);
        await Deliveries.EnqueueCardAsync("case", "lost", Now, Now, default);
        Assert.True(await Deliveries.EnqueueMessageAsync("note", "{}", Now, default));
        var claimed = (await Deliveries.ClaimAsync("host-a", 10, Lease, Now, default)).ToDictionary(e => e.SubjectId, e => e.Id);
        await Deliveries.EnqueueCardAsync("case", "again", Now + TimeSpan.FromSeconds(5), Now, default);
        Clock.Advance(Lease);
        var other = await OpenAnotherInstanceAsync();
        Assert.Equal(["again", "done", "lost", "note"], (await other.Deliveries.ClaimAsync("host-b", 10, Lease, Now, default)).Select(e => e.SubjectId).Order());
        // host-a's leases lapsed and host-b holds them all now; "lost" is completed by host-a, which no longer holds it.
        var done = await other.Deliveries.CompleteAsync([claimed["done"], claimed["again"], claimed["note"]], "host-b", Now, default);
        var late = await Deliveries.CompleteAsync([claimed["lost"]], "host-a", Now, default);

        Assert.Equal(new[] { claimed["done"], claimed["again"], claimed["note"] }.Order(), done.Order());
        Assert.Empty(late);
        Assert.Null(await Deliveries.FindAsync("case", "done", default));
        var again = (await Deliveries.FindAsync("case", "again", default))!;
        Assert.Equal((DeliveryState.Pending, false, Start + TimeSpan.FromSeconds(5)), (again.State, again.RunAgain, again.NextAttemptAt));
        Assert.Equal(DeliveryState.Sent, (await Deliveries.FindAsync(DeliveryEntry.MessageKind, "note", default))!.State);
        Assert.Equal(("host-b", DeliveryState.InProgress), ((await Deliveries.FindAsync("case", "lost", default))! is var l ? (l.LeaseOwner, l.State) : default));
        Assert.Empty(await Deliveries.CompleteAsync([], "host-b", Now, default));
    }

    [Fact]
    public async Task A_completion_of_several_rows_that_fails_part_way_records_none_of_them()
    {
        await Deliveries.EnqueueCardAsync("case", "card", Now, Now, default);
        Assert.True(await Deliveries.EnqueueMessageAsync("poison", "{}", Now, default));
        var claimed = await Deliveries.ClaimAsync("host-a", 10, Lease, Now, default);
        // The card's row is deleted by the first statement; the message's update, the second statement, is refused.
        await Engine.SqlAsync(Engine is SqliteEngine
            ? "CREATE TRIGGER refuse_poison BEFORE UPDATE ON deliveries WHEN NEW.subject_id = 'poison' BEGIN SELECT RAISE(ABORT, 'refused'); END;"
            : "CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$; " +
              "CREATE TRIGGER refuse_poison BEFORE UPDATE ON deliveries FOR EACH ROW WHEN (NEW.subject_id = 'poison') EXECUTE FUNCTION refuse_poison();");

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Deliveries.CompleteAsync([.. claimed.Select(e => e.Id)], "host-a", Now, default));

        Assert.Equal(DeliveryState.InProgress, (await Deliveries.FindAsync("case", "card", default))!.State);
        Assert.Equal(DeliveryState.InProgress, (await Deliveries.FindAsync(DeliveryEntry.MessageKind, "poison", default))!.State);
        await Engine.SqlAsync("DROP TRIGGER refuse_poison" + (Engine is SqliteEngine ? ";" : " ON deliveries;"));
        Assert.Equal(2, (await Deliveries.CompleteAsync([.. claimed.Select(e => e.Id)], "host-a", Now, default)).Count);
        Assert.Null(await Deliveries.FindAsync("case", "card", default));
    }

    [Fact]
    public async Task A_case_card_activity_is_recorded_without_a_new_version()
    {
        var record = new Conversations.Cases.CaseRecord("c-1", "a:conv", "29:alex", "wiki", Conversations.Cases.CaseStatus.Open, "{}", 1, Now, Now);
        Assert.True(await Stores.Cases.TryInsertAsync(record, new Conversations.Cases.CaseEvent("c-1", 1, "created", "{}", Now), default));
        Assert.Null((await Stores.Cases.GetAsync("c-1", default))!.CardActivityId);

        Assert.True(await Stores.Cases.SetCardActivityAsync("c-1", "act-7", default));
        Assert.False(await Stores.Cases.SetCardActivityAsync("c-404", "act-8", default));
        Assert.True(await Stores.Cases.TryUpdateAsync(record with { Version = 2, StateJson = "{\"x\":1}" }, 1, new Conversations.Cases.CaseEvent("c-1", 2, "answered", "{}", Now), null, default));

        var stored = (await Stores.Cases.GetAsync("c-1", default))!;
        Assert.Equal(("act-7", 2L), (stored.CardActivityId, stored.Version));
    }
}

public sealed class SqliteDeliveryStoreTests : DeliveryStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => SqliteAsync();
}

public sealed class PostgresDeliveryStoreTests : DeliveryStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => PostgresAsync();
}
