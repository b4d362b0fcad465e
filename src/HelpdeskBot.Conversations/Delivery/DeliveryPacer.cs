using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.Delivery;

/// <summary>
/// Keeps this instance's sends within Teams' rate limits: per conversation (thread) 7 per second and 60 per 30
/// seconds, per tenant 50 per second ("Optimize your bot: rate limiting and best practices in Microsoft Teams").
/// A send books the earliest slot that every window of its thread and tenant allows (a sliding log of booked
/// instants per key, booked in order), so concurrent senders never overshoot; a 429 pauses the thread for its
/// Retry-After and the tenant briefly. Several instances each pace themselves; Teams' 429s pace the rest.
/// Booked slots spread the sends; <see cref="Admit"/> then counts the sends as they really go, on the clock they are
/// stamped with: a process that stalls wakes many waiting sends late at once, and without it they would go out
/// together with the next slots' sends, more than the limit within one sliding second.
/// </summary>
internal sealed class DeliveryPacer
{
    /// <summary>A 429 from one thread pauses the whole tenant this long at most: it may be the tenant's limit, or only that thread's.</summary>
    internal static readonly TimeSpan TenantPauseCap = TimeSpan.FromSeconds(1);

    /// <summary>Keys idle for longer than the longest window are forgotten when the map grows past this.</summary>
    private const int TrimAbove = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>The sends admitted (made), per key: the same windows over what really went out.</summary>
    private readonly Dictionary<string, Lane> _sent = new(StringComparer.Ordinal);
    private readonly (int Count, TimeSpan Window)[] _threadRules;
    private readonly (int Count, TimeSpan Window)[] _tenantRules;
    private readonly TimeSpan _longest;

    public DeliveryPacer(IOptions<DeliveryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _threadRules = [(o.ThreadPerSecond, TimeSpan.FromSeconds(1) + o.PacingMargin), (o.ThreadPer30Seconds, TimeSpan.FromSeconds(30) + o.PacingMargin)];
        _tenantRules = [(o.TenantPerSecond, TimeSpan.FromSeconds(1) + o.PacingMargin)];
        _longest = TimeSpan.FromSeconds(30) + o.PacingMargin;
    }

    /// <summary>
    /// Books the earliest slot at or after <paramref name="now"/> for one send to <paramref name="thread"/> in
    /// <paramref name="tenant"/> and returns how long to wait for it; when that is longer than
    /// <paramref name="maxWait"/>, books nothing and returns the wait (the caller defers the send).
    /// </summary>
    public TimeSpan Reserve(string thread, string? tenant, DateTimeOffset now, TimeSpan maxWait)
    {
        lock (_gate)
        {
            var threadLane = LaneOf(_lanes, "t|" + thread, now);
            var tenantLane = tenant is null ? null : LaneOf(_lanes, "n|" + tenant, now);
            var at = threadLane.Earliest(_threadRules, now);
            if (tenantLane is not null)
            {
                var tenantAt = tenantLane.Earliest(_tenantRules, now);
                at = tenantAt > at ? tenantAt : at;
            }

            var wait = at - now;
            if (wait > maxWait)
            {
                return wait;
            }

            threadLane.Book(at, _threadRules);
            tenantLane?.Book(at, _tenantRules);
            return wait;
        }
    }

    /// <summary>
    /// Just before a send to <paramref name="thread"/> in <paramref name="tenant"/> at <paramref name="now"/>: when every
    /// window of both still has room counting the sends admitted so far, records this one and returns zero; else
    /// records nothing and returns how long until there is room (the caller waits and asks again).
    /// </summary>
    public TimeSpan Admit(string thread, string? tenant, DateTimeOffset now)
    {
        lock (_gate)
        {
            var threadSent = LaneOf(_sent, "t|" + thread, now);
            var tenantSent = tenant is null ? null : LaneOf(_sent, "n|" + tenant, now);
            var at = threadSent.Earliest(_threadRules, now);
            if (tenantSent?.Earliest(_tenantRules, now) is { } tenantAt && tenantAt > at)
            {
                at = tenantAt;
            }

            if (at > now)
            {
                return at - now;
            }

            threadSent.Book(now, _threadRules);
            tenantSent?.Book(now, _tenantRules);
            return TimeSpan.Zero;
        }
    }

    /// <summary>The connector answered 429: no sends to the thread for <paramref name="retryAfter"/>, to the tenant for at most <see cref="TenantPauseCap"/>.</summary>
    public void Throttled(string thread, string? tenant, TimeSpan retryAfter, DateTimeOffset now)
    {
        lock (_gate)
        {
            LaneOf(_lanes, "t|" + thread, now).PauseUntil(now + retryAfter);
            if (tenant is not null)
            {
                LaneOf(_lanes, "n|" + tenant, now).PauseUntil(now + (retryAfter < TenantPauseCap ? retryAfter : TenantPauseCap));
            }
        }
    }

    /// <summary>Until when a 429 paused <paramref name="thread"/>; <see cref="DateTimeOffset.MinValue"/> when it never was.</summary>
    public DateTimeOffset PausedUntil(string thread)
    {
        lock (_gate)
        {
            return _lanes.TryGetValue("t|" + thread, out var lane) ? lane.Paused : DateTimeOffset.MinValue;
        }
    }

    private Lane LaneOf(Dictionary<string, Lane> lanes, string key, DateTimeOffset now)
    {
        if (!lanes.TryGetValue(key, out var lane))
        {
            if (lanes.Count >= TrimAbove)
            {
                foreach (var idle in lanes.Where(kv => kv.Value.IdleSince(now, _longest)).Select(kv => kv.Key).ToList())
                {
                    lanes.Remove(idle);
                }
            }

            lane = new Lane();
            lanes[key] = lane;
        }

        return lane;
    }

    /// <summary>One key's booked send instants (ascending) and pause.</summary>
    private sealed class Lane
    {
        private readonly List<DateTimeOffset> _booked = [];
        private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

        /// <summary>The earliest instant a new send may take: after the pause, not before the last booking, and inside every window's count.</summary>
        public DateTimeOffset Earliest((int Count, TimeSpan Window)[] rules, DateTimeOffset now)
        {
            var at = now > _pausedUntil ? now : _pausedUntil;
            if (_booked.Count > 0 && _booked[^1] > at)
            {
                at = _booked[^1];
            }

            foreach (var (count, window) in rules)
            {
                // Bookings are ascending: the count-th latest one plus the window is when the window has room again.
                if (_booked.Count >= count && _booked[^count] + window > at)
                {
                    at = _booked[^count] + window;
                }
            }

            return at;
        }

        public void Book(DateTimeOffset at, (int Count, TimeSpan Window)[] rules)
        {
            // In order: admitted sends are stamped by concurrent callers whose clock readings may cross.
            var i = _booked.Count;
            while (i > 0 && _booked[i - 1] > at)
            {
                i--;
            }

            _booked.Insert(i, at);
            var keep = rules.Max(r => r.Count);
            if (_booked.Count > keep * 2)
            {
                _booked.RemoveRange(0, _booked.Count - keep);
            }
        }

        public DateTimeOffset Paused => _pausedUntil;

        public void PauseUntil(DateTimeOffset until)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }

        public bool IdleSince(DateTimeOffset now, TimeSpan longest) =>
            _pausedUntil < now && (_booked.Count == 0 || _booked[^1] + longest < now);
    }
}
