using HelpdeskBot.Probes;
using HelpdeskBot.Probes.Safety;
using HelpdeskBot.Storage.RateLimiting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Storage.Tests.Contracts;

/// <summary>The probes' limits counted in the shared store, on every engine: shared by instances, one write per diagnosis, none for a known refusal.</summary>
public abstract class StoreProbeRateLimiterContract : StorageContract
{
    private StoreProbeRateLimiter Limiter(IRateLimitStore store, int perUser, int perTarget) =>
        new(store, Options.Create(new ProbesOptions { PerUserPerMinute = perUser, PerTargetPerMinute = perTarget }), Clock);

    [Fact]
    public async Task A_refusal_is_remembered_without_writing_until_its_window_ends()
    {
        Clock.Advance(TimeSpan.FromSeconds(10)); // 10:00:10, inside the 10:00 window
        var store = new CountingStore(Stores.RateLimits);
        var limiter = Limiter(store, perUser: 5, perTarget: 2);

        Assert.Null(await limiter.TryAcquireAsync("alice", "Wiki.example", default));
        Assert.Null(await limiter.TryAcquireAsync("bob", "wiki.example", default));
        Assert.Equal((false, 2), (await limiter.TryAcquireAsync("carol", "wiki.example", default)) is { } hit ? (hit.ByRequester, hit.Limit) : default);
        Assert.Equal(3, store.Writes);

        Assert.Equal(false, (await limiter.TryAcquireAsync("dave", "wiki.example", default))?.ByRequester);
        Clock.Advance(TimeSpan.FromSeconds(49));
        Assert.NotNull(await limiter.TryAcquireAsync("erin", "wiki.example", default));
        Assert.Equal(3, store.Writes); // both answered from the remembered refusal

        Clock.Advance(TimeSpan.FromSeconds(1)); // 10:01:00, the next window
        Assert.Null(await limiter.TryAcquireAsync("dave", "wiki.example", default));
        Assert.Equal(4, store.Writes);
    }

    [Fact]
    public async Task Instances_share_the_limits_and_a_refused_diagnosis_counts_against_no_limit()
    {
        var first = Limiter(Stores.RateLimits, perUser: 2, perTarget: 3);
        var second = Limiter((await OpenAnotherInstanceAsync()).RateLimits, perUser: 2, perTarget: 3);

        Assert.Null(await first.TryAcquireAsync("alice", "wiki.example", default));
        Assert.Null(await second.TryAcquireAsync("bob", "wiki.example", default));
        Assert.Null(await first.TryAcquireAsync("carol", "wiki.example", default));
        Assert.Equal(false, (await second.TryAcquireAsync("alice", "wiki.example", default))?.ByRequester);
        Assert.Equal(false, (await first.TryAcquireAsync("dave", "wiki.example", default))?.ByRequester);

        // alice's refused diagnosis did not count: her second one anywhere is admitted, her third refused by her own limit.
        Assert.Null(await second.TryAcquireAsync("alice", "other.example", default));
        Assert.Equal(true, (await first.TryAcquireAsync("alice", "third.example", default))?.ByRequester);
        Assert.Null(await first.TryAcquireAsync("bob", "third.example", default));
    }

    /// <summary>Counts the writes the limiter asks of the store.</summary>
    private sealed class CountingStore(IRateLimitStore inner) : IRateLimitStore
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public Task<RateLimitDecision> TryAcquireAsync(string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _writes);
            return inner.TryAcquireAsync(key, limit, window, now, cancellationToken);
        }

        public Task<int?> TryAcquireAllAsync(IReadOnlyList<RateLimitKey> keys, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _writes);
            return inner.TryAcquireAllAsync(keys, window, now, cancellationToken);
        }
    }
}

public sealed class SqliteStoreProbeRateLimiterTests : StoreProbeRateLimiterContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => SqliteAsync();
}

public sealed class PostgresStoreProbeRateLimiterTests : StoreProbeRateLimiterContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => PostgresAsync();
}
