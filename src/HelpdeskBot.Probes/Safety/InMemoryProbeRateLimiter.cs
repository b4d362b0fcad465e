using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Probes.Safety;

/// <summary>Fixed one-minute windows per requester and per target host, on the injected <see cref="TimeProvider"/>.</summary>
internal sealed class InMemoryProbeRateLimiter : IProbeRateLimiter
{
    private const int PruneAbove = 10_000;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ProbesOptions _options;

    public InMemoryProbeRateLimiter(IOptions<ProbesOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
    }

    public ValueTask<ProbeLimitHit?> TryAcquireAsync(string? requesterId, string targetHost, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_counters.Count > PruneAbove)
        {
            foreach (var (key, counter) in _counters)
            {
                if (now - counter.WindowStart > Window)
                {
                    _counters.TryRemove(key, out _);
                }
            }
        }

        // The target is counted only once the requester's own limit let the request through, and a request the
        // target's limit refuses is not counted against the requester either: a diagnosis counts against both, or neither.
        var requester = requesterId is not null && _options.PerUserPerMinute > 0 ? "u:" + requesterId : null;
        if (requester is not null && !Take(requester, _options.PerUserPerMinute, now))
        {
            return ValueTask.FromResult<ProbeLimitHit?>(new ProbeLimitHit(true, _options.PerUserPerMinute, targetHost));
        }

        if (_options.PerTargetPerMinute > 0 && !Take("t:" + targetHost, _options.PerTargetPerMinute, now))
        {
            if (requester is not null)
            {
                GiveBack(requester, now);
            }

            return ValueTask.FromResult<ProbeLimitHit?>(new ProbeLimitHit(false, _options.PerTargetPerMinute, targetHost));
        }

        return ValueTask.FromResult<ProbeLimitHit?>(null);
    }

    private bool Take(string key, int limit, DateTimeOffset now)
    {
        var counter = _counters.GetOrAdd(key, _ => new Counter(now));
        lock (counter)
        {
            if (now - counter.WindowStart >= Window)
            {
                counter.WindowStart = now;
                counter.Count = 0;
            }

            if (counter.Count >= limit)
            {
                return false;
            }

            counter.Count++;
            return true;
        }
    }

    /// <summary>Takes back what <see cref="Take"/> counted at <paramref name="now"/> (unless its window has started again since).</summary>
    private void GiveBack(string key, DateTimeOffset now)
    {
        if (_counters.TryGetValue(key, out var counter))
        {
            lock (counter)
            {
                if (counter.WindowStart <= now && now - counter.WindowStart < Window && counter.Count > 0)
                {
                    counter.Count--;
                }
            }
        }
    }

    private sealed class Counter(DateTimeOffset start)
    {
        public DateTimeOffset WindowStart { get; set; } = start;

        public int Count { get; set; }
    }
}
