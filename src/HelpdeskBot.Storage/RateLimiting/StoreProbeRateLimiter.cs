using System.Collections.Concurrent;
using HelpdeskBot.Probes;
using HelpdeskBot.Probes.Safety;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Storage.RateLimiting;

/// <summary>
/// The probes' per-requester and per-target limits counted in the shared store, so N instances behind a load
/// balancer together allow what one instance would (the in-memory default counts per process). Same limits,
/// same one-minute windows and same reasons as the probes' own limiter: a diagnosis counts against both limits,
/// or (refused) against neither.
/// </summary>
/// <remarks>
/// One write per diagnosis (both keys in one transaction), and none for a refusal already seen: a key refused in a
/// window stays refused until that window ends, on every instance (counts only grow within a window), so the refusal
/// is remembered here until then. Under a burst about one site, every report past the site's limit used to take two
/// writes of SQLite's one write turn just to be told no (issue 12: the acknowledgement's tail).
/// </remarks>
internal sealed class StoreProbeRateLimiter(IRateLimitStore store, IOptions<ProbesOptions> options, TimeProvider timeProvider) : IProbeRateLimiter
{
    private const int PruneAbove = 10_000;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Keys refused by the store, with the end of the window they were refused in.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _refusedUntil = new(StringComparer.Ordinal);

    public async ValueTask<ProbeLimitHit?> TryAcquireAsync(string? requesterId, string targetHost, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetHost);
        var limits = options.Value;
        var now = timeProvider.GetUtcNow();
        var requester = requesterId is not null && limits.PerUserPerMinute > 0 ? new RateLimitKey("probe:u:" + requesterId, limits.PerUserPerMinute) : (RateLimitKey?)null;
        var target = limits.PerTargetPerMinute > 0 ? new RateLimitKey("probe:t:" + targetHost.ToLowerInvariant(), limits.PerTargetPerMinute) : (RateLimitKey?)null;

        if (requester is { } r && IsRefused(r.Key, now))
        {
            return new ProbeLimitHit(true, r.Limit, targetHost);
        }

        if (target is { } t && IsRefused(t.Key, now))
        {
            return new ProbeLimitHit(false, t.Limit, targetHost);
        }

        // The requester first: it is the one named when both are reached.
        var keys = new List<RateLimitKey>(2);
        if (requester is { } asking)
        {
            keys.Add(asking);
        }

        if (target is { } probed)
        {
            keys.Add(probed);
        }

        if (keys.Count == 0 || await store.TryAcquireAllAsync(keys, Window, now, cancellationToken).ConfigureAwait(false) is not { } refused)
        {
            return null;
        }

        Remember(keys[refused].Key, RateLimitWindow.Containing(now, Window).EndsAt, now);
        return new ProbeLimitHit(requester is not null && refused == 0, keys[refused].Limit, targetHost);
    }

    private bool IsRefused(string key, DateTimeOffset now) => _refusedUntil.TryGetValue(key, out var until) && now < until;

    private void Remember(string key, DateTimeOffset until, DateTimeOffset now)
    {
        if (_refusedUntil.Count > PruneAbove)
        {
            foreach (var (stale, ended) in _refusedUntil)
            {
                if (ended <= now)
                {
                    _refusedUntil.TryRemove(stale, out _);
                }
            }
        }

        _refusedUntil[key] = until;
    }
}
