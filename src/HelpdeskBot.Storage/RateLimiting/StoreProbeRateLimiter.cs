using HelpdeskBot.Probes;
using HelpdeskBot.Probes.Safety;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Storage.RateLimiting;

/// <summary>
/// The probes' per-requester and per-target limits counted in the shared store, so N instances behind a load
/// balancer together allow what one instance would (the in-memory default counts per process). Same limits,
/// same one-minute windows and same reasons as the probes' own limiter.
/// </summary>
internal sealed class StoreProbeRateLimiter(IRateLimitStore store, IOptions<ProbesOptions> options, TimeProvider timeProvider) : IProbeRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public async ValueTask<ProbeLimitHit?> TryAcquireAsync(string? requesterId, string targetHost, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetHost);
        var limits = options.Value;
        var now = timeProvider.GetUtcNow();

        // The target is counted only once the requester's own limit let the request through.
        if (requesterId is not null && limits.PerUserPerMinute > 0
            && !(await store.TryAcquireAsync("probe:u:" + requesterId, limits.PerUserPerMinute, Window, now, cancellationToken).ConfigureAwait(false)).Acquired)
        {
            return new ProbeLimitHit(true, limits.PerUserPerMinute, targetHost);
        }

        if (limits.PerTargetPerMinute > 0
            && !(await store.TryAcquireAsync("probe:t:" + targetHost.ToLowerInvariant(), limits.PerTargetPerMinute, Window, now, cancellationToken).ConfigureAwait(false)).Acquired)
        {
            return new ProbeLimitHit(false, limits.PerTargetPerMinute, targetHost);
        }

        return null;
    }
}
