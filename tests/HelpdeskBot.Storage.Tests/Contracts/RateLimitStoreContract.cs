using HelpdeskBot.Storage.RateLimiting;

namespace HelpdeskBot.Storage.Tests.Contracts;

/// <summary>The <see cref="IRateLimitStore"/> contract, run against every engine by the subclasses below.</summary>
public abstract class RateLimitStoreContract : StorageContract
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Admits_up_to_the_limit_per_window_then_refuses_until_the_next_window()
    {
        Clock.Advance(TimeSpan.FromSeconds(10)); // 10:00:10, inside the 10:00 window

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 4; i++)
        {
            decisions.Add(await Stores.RateLimits.TryAcquireAsync("probe:ada", 3, Minute, Clock.GetUtcNow(), default));
        }

        Assert.Equal([true, true, true, false], decisions.Select(d => d.Acquired));
        Assert.Equal([1, 2, 3, 3], decisions.Select(d => d.Count));
        Assert.Equal(Start.AddMinutes(1), decisions[3].WindowEndsAt);
        Assert.Equal(TimeSpan.FromSeconds(50), decisions[3].RetryAfter(Clock.GetUtcNow()));
        Clock.Advance(TimeSpan.FromSeconds(50));
        var next = await Stores.RateLimits.TryAcquireAsync("probe:ada", 3, Minute, Clock.GetUtcNow(), default);
        Assert.Equal((true, 1, Start.AddMinutes(2)), (next.Acquired, next.Count, next.WindowEndsAt));
    }

    [Fact]
    public async Task Keys_are_counted_separately_and_a_zero_limit_refuses()
    {
        Assert.True((await Stores.RateLimits.TryAcquireAsync("a", 1, Minute, Start, default)).Acquired);
        Assert.False((await Stores.RateLimits.TryAcquireAsync("a", 1, Minute, Start, default)).Acquired);
        Assert.True((await Stores.RateLimits.TryAcquireAsync("b", 1, Minute, Start, default)).Acquired);
        Assert.False((await Stores.RateLimits.TryAcquireAsync("c", 0, Minute, Start, default)).Acquired);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.RateLimits.TryAcquireAsync("d", 1, TimeSpan.Zero, Start, default));
    }

    [Fact]
    public async Task Two_instances_together_admit_exactly_the_limit()
    {
        var other = await OpenAnotherInstanceAsync();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Stores.RateLimits : other.RateLimits).TryAcquireAsync("probe:wiki.contoso.com", 30, Minute, Start, default))));

        Assert.Equal(30, decisions.Count(d => d.Acquired));
        Assert.Equal(Enumerable.Range(1, 30), decisions.Where(d => d.Acquired).Select(d => d.Count).Order());
    }

    [Fact]
    public async Task Several_keys_are_counted_all_or_none()
    {
        RateLimitKey[] keys = [new("probe:u:ada", 3), new("probe:t:wiki", 2)];

        Assert.Null(await Stores.RateLimits.TryAcquireAllAsync(keys, Minute, Start, default));
        Assert.Null(await Stores.RateLimits.TryAcquireAllAsync(keys, Minute, Start, default));
        Assert.Equal(1, await Stores.RateLimits.TryAcquireAllAsync(keys, Minute, Start, default));

        // The refusal by the second key did not count the first: ada has taken 2 of 3, so one more is admitted as the 3rd.
        var ada = await Stores.RateLimits.TryAcquireAsync("probe:u:ada", 3, Minute, Start, default);
        Assert.Equal((true, 3), (ada.Acquired, ada.Count));
        Assert.Equal(0, await Stores.RateLimits.TryAcquireAllAsync([new("probe:u:ada", 3), new("probe:t:other", 2)], Minute, Start, default));
        Assert.True((await Stores.RateLimits.TryAcquireAsync("probe:t:other", 1, Minute, Start, default)).Acquired); // untouched by the refusal
        Assert.Equal(1, await Stores.RateLimits.TryAcquireAllAsync([new("probe:u:bob", 1), new("probe:t:none", 0)], Minute, Start, default));
        Assert.Null(await Stores.RateLimits.TryAcquireAllAsync([new("probe:u:bob", 1)], Minute, Start.AddMinutes(1), default));
    }

    [Fact]
    public async Task A_refusal_of_several_keys_does_not_spend_the_purge_of_ended_windows()
    {
        // A row of a window long ended, and a target full in the current one.
        Assert.True((await Stores.RateLimits.TryAcquireAsync("probe:u:old", 1, Minute, Start, default)).Acquired);
        Assert.True((await Stores.RateLimits.TryAcquireAsync("probe:t:full", 1, Minute, Start.AddMinutes(5), default)).Acquired);

        // A fresh instance: its first acquisition is due to purge. Refused, it writes nothing (rolled back, the purge
        // with it), so the purge is still due at the next acquisition, which commits.
        var other = await OpenAnotherInstanceAsync();
        Assert.Equal(0, await other.RateLimits.TryAcquireAllAsync([new("probe:t:full", 1)], Minute, Start.AddMinutes(5), default));
        Assert.Null(await other.RateLimits.TryAcquireAllAsync([new("probe:u:ada", 1)], Minute, Start.AddMinutes(5), default));

        Assert.Equal(0L, Convert.ToInt64(await Engine.SqlAsync("SELECT COUNT(*) FROM rate_limits WHERE limit_key = 'probe:u:old'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Two_instances_taking_several_keys_together_admit_exactly_each_limit()
    {
        var other = await OpenAnotherInstanceAsync();

        // 100 requesters (limit 1 each, never reached) about one target with a limit of 30.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Stores.RateLimits : other.RateLimits).TryAcquireAllAsync([new($"probe:u:{i}", 1), new("probe:t:wiki.contoso.com", 30)], Minute, Start, default))));

        Assert.Equal(30, outcomes.Count(o => o is null));
        Assert.All(outcomes.Where(o => o is not null), o => Assert.Equal(1, o));
        Assert.Equal(30L, Convert.ToInt64(await Engine.SqlAsync("SELECT COUNT(*) FROM rate_limits WHERE limit_key LIKE 'probe:u:%'"), System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class SqliteRateLimitStoreTests : RateLimitStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => SqliteAsync();
}

public sealed class PostgresRateLimitStoreTests : RateLimitStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => PostgresAsync();
}
