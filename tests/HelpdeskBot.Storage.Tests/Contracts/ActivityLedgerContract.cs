using HelpdeskBot.Protocol.Idempotency;

namespace HelpdeskBot.Storage.Tests.Contracts;

/// <summary>The <see cref="IActivityLedger"/> contract (redelivered activities), run against every engine by the subclasses below.</summary>
public abstract class ActivityLedgerContract : StorageContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private static readonly ActivityKey Key = new("a:personal-1", "f:1");

    private Task<ActivityLedgerEntry?> ClaimAsync(IActivityLedger ledger, string claim, ActivityKey? key = null)
    {
        var now = Clock.GetUtcNow();
        return ledger.TryClaimAsync(key ?? Key, claim, now, now - Lease, now + Retention, default);
    }

    [Fact]
    public async Task The_first_claim_wins_and_a_redelivery_gets_the_recorded_answer()
    {
        Assert.Null(await ClaimAsync(Stores.Activities, "first"));

        var running = await ClaimAsync(Stores.Activities, "second");
        Assert.NotNull(running);
        Assert.Null(running.Answer); // still being handled
        Assert.Equal(Start, running.ClaimedAt);

        await Stores.Activities.CompleteAsync(Key, "first", new ActivityAnswer(200, """{"statusCode":200}"""), default);
        var answered = await ClaimAsync(Stores.Activities, "third");
        Assert.Equal(new ActivityAnswer(200, """{"statusCode":200}"""), answered?.Answer);
        // A body-less answer stays body-less.
        var other = new ActivityKey("a:personal-1", "f:2");
        Assert.Null(await ClaimAsync(Stores.Activities, "x", other));
        await Stores.Activities.CompleteAsync(other, "x", new ActivityAnswer(200, null), default);
        Assert.Equal(new ActivityAnswer(200, null), (await ClaimAsync(Stores.Activities, "y", other))?.Answer);
    }

    [Fact]
    public async Task The_same_activity_id_in_another_conversation_is_another_activity()
    {
        Assert.Null(await ClaimAsync(Stores.Activities, "a"));
        Assert.Null(await ClaimAsync(Stores.Activities, "b", new ActivityKey("a:personal-2", Key.ActivityId)));
        // Length-prefixed: ("a:1|x", "y") and ("a:1", "x|y") are different keys.
        Assert.NotEqual(new ActivityKey("a:1|x", "y").Hash, new ActivityKey("a:1", "x|y").Hash);
    }

    [Fact]
    public async Task A_released_claim_lets_a_redelivery_run_the_turn_again()
    {
        Assert.Null(await ClaimAsync(Stores.Activities, "failed"));
        await Stores.Activities.ReleaseAsync(Key, "failed", default);
        Assert.Null(await ClaimAsync(Stores.Activities, "retry"));
        // An answered entry is never released.
        await Stores.Activities.CompleteAsync(Key, "retry", new ActivityAnswer(200, null), default);
        await Stores.Activities.ReleaseAsync(Key, "retry", default);
        Assert.NotNull((await ClaimAsync(Stores.Activities, "again"))?.Answer);
    }

    [Fact]
    public async Task An_unanswered_claim_past_its_lease_is_taken_over_and_the_late_holder_cannot_overwrite_it()
    {
        Assert.Null(await ClaimAsync(Stores.Activities, "died"));
        Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.NotNull(await ClaimAsync(Stores.Activities, "too-early"));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await ClaimAsync(Stores.Activities, "takeover"));

        await Stores.Activities.CompleteAsync(Key, "died", new ActivityAnswer(500, "late"), default);
        await Stores.Activities.ReleaseAsync(Key, "died", default);
        var held = await ClaimAsync(Stores.Activities, "probe");
        Assert.NotNull(held);
        Assert.Null(held.Answer); // still the takeover's turn, untouched by the late holder
        await Stores.Activities.CompleteAsync(Key, "takeover", new ActivityAnswer(200, null), default);
        Assert.Equal(200, (await ClaimAsync(Stores.Activities, "probe"))?.Answer?.Status);
    }

    [Fact]
    public async Task An_answer_expires_after_the_retention_and_expired_rows_are_purged()
    {
        Assert.Null(await ClaimAsync(Stores.Activities, "first"));
        await Stores.Activities.CompleteAsync(Key, "first", new ActivityAnswer(200, null), default);
        Clock.Advance(Retention);
        Assert.Null(await ClaimAsync(Stores.Activities, "much-later"));

        // Old entries of other activities are deleted by the periodic purge (one claim in 1024).
        for (var i = 0; i < 1100; i++)
        {
            Assert.Null(await ClaimAsync(Stores.Activities, "c", new ActivityKey("a:purge", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            if (i == 1000)
            {
                Clock.Advance(Retention + TimeSpan.FromMinutes(1));
            }
        }

        var ledger = Assert.IsType<Sql.ActivityLedgerStore>(Stores.Activities);
        Assert.True(await ledger.CountAsync(default) < 1000);
    }

    [Fact]
    public async Task Two_instances_claiming_the_same_activity_at_once_admit_exactly_one()
    {
        var other = await OpenAnotherInstanceAsync();
        for (var round = 0; round < 10; round++)
        {
            var key = new ActivityKey("a:race", round.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
                ClaimAsync(i % 2 == 0 ? Stores.Activities : other.Activities, "claim-" + i, key))));
            Assert.Equal(1, results.Count(r => r is null));
        }
    }
}

public sealed class SqliteActivityLedgerTests : ActivityLedgerContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => SqliteAsync();
}

public sealed class PostgresActivityLedgerTests : ActivityLedgerContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => PostgresAsync();
}
