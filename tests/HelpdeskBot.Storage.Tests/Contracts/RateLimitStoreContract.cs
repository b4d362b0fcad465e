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
}

public sealed class SqliteRateLimitStoreTests : RateLimitStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => SqliteAsync();
}

public sealed class PostgresRateLimitStoreTests : RateLimitStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => PostgresAsync();
}
