using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.Delivery;

/// <summary>
/// Keeps this instance's sends within Teams' rate limits: per conversation (thread) 7 per second and 60 per 30
/// seconds, per tenant 50 per second ("Optimize your bot: rate limiting and best practices in Microsoft Teams").
/// A send books the earliest slot that every window of its thread and tenant allows (a sliding log of booked
/// instants per key, booked in order), so concurrent senders never overshoot; a 429 pauses the thread for its
/// Retry-After and the tenant briefly. Several instances each pace themselves; Teams' 429s pace the rest.
/// Booked slots spread the sends; <see cref="Admit"/> then counts the sends as they really go: Teams counts a send when
/// it arrives, which is after it was started and before its answer came back, so an admitted send holds its place in
/// every window from its start until a window after it finished (<see cref="Finished"/>). However late the process
/// wakes the sends, or however slow the way to the connector is, no sliding second of arrivals holds more than the limit.
/// </summary>
internal sealed class DeliveryPacer
{
    /// <summary>A 429 from one thread pauses the whole tenant this long at most: it may be the tenant's limit, or only that thread's.</summary>
    internal static readonly TimeSpan TenantPauseCap = TimeSpan.FromSeconds(1);

    /// <summary>Keys idle for longer than the longest window are forgotten when the map grows past this.</summary>
    private const int TrimAbove = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Sends admitted per key, each until a window after it finished.</summary>
    private readonly Dictionary<string, SentLog> _sent = new(StringComparer.Ordinal);

    /// <summary>How long a send waits to be admitted again when every place is held by sends still in flight.</summary>
    internal static readonly TimeSpan InFlightPoll = TimeSpan.FromMilliseconds(20);
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
    /// window of both has room, counting the sends in flight and those finished less than a window ago, admits it
    /// (<paramref name="admitted"/>, to hand to <see cref="Finished"/> when its call returns) and returns zero; else
    /// admits nothing and returns how long until there may be room (the caller waits and asks again). A thread or tenant
    /// the connector paused with a 429 admits nothing until its Retry-After is over, also for a send that booked its
    /// slot before the 429 came.
    /// </summary>
    public TimeSpan Admit(string thread, string? tenant, DateTimeOffset now, out AdmittedSend? admitted)
    {
        admitted = null;
        lock (_gate)
        {
            var paused = _lanes.TryGetValue("t|" + thread, out var threadLane) ? threadLane.Paused : DateTimeOffset.MinValue;
            if (tenant is not null && _lanes.TryGetValue("n|" + tenant, out var tenantLane) && tenantLane.Paused > paused)
            {
                paused = tenantLane.Paused;
            }

            if (paused > now)
            {
                return paused - now;
            }

            var threadLog = LaneOf(_sent, "t|" + thread, now);
            var tenantLog = tenant is null ? null : LaneOf(_sent, "n|" + tenant, now);
            var wait = threadLog.Wait(_threadRules, now);
            if (tenantLog?.Wait(_tenantRules, now) is { } tenantWait && tenantWait > wait)
            {
                wait = tenantWait;
            }

            if (wait > TimeSpan.Zero)
            {
                return wait;
            }

            admitted = new AdmittedSend(threadLog.Add(), tenantLog?.Add());
            return TimeSpan.Zero;
        }
    }

    /// <summary>The admitted send's call returned (answered or failed) at <paramref name="now"/>: it holds its places a window more.</summary>
    public void Finished(AdmittedSend? admitted, DateTimeOffset now)
    {
        if (admitted is null)
        {
            return;
        }

        lock (_gate)
        {
            admitted.Thread.End = now;
            if (admitted.Tenant is { } tenant)
            {
                tenant.End = now;
            }
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

    /// <summary>The key's lane (or log), made when new; keys idle past the longest window go when the map is large.</summary>
    private T LaneOf<T>(Dictionary<string, T> lanes, string key, DateTimeOffset now)
        where T : class, IIdle, new()
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

            lane = new T();
            lanes[key] = lane;
        }

        return lane;
    }

    /// <summary>One key's booked send instants (ascending) and pause.</summary>
    private sealed class Lane : IIdle
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
            _booked.Add(at);
            var keep = 0;
            foreach (var (count, _) in rules)
            {
                keep = Math.Max(keep, count);
            }

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

    private interface IIdle
    {
        /// <summary>Nothing in it counts any more at <paramref name="now"/>: it can be forgotten.</summary>
        bool IdleSince(DateTimeOffset now, TimeSpan longest);
    }

    /// <summary>One admitted send in one key's log: in flight while <see cref="End"/> is null.</summary>
    internal sealed class SentSend
    {
        public DateTimeOffset? End { get; set; }
    }

    /// <summary>One key's admitted sends: each holds a place in every window until a window after its end.</summary>
    private sealed class SentLog : IIdle
    {
        private readonly List<SentSend> _sends = [];

        public SentSend Add()
        {
            var send = new SentSend();
            _sends.Add(send);
            return send;
        }

        /// <summary>Zero when every rule has room now; else how long until enough finished sends leave their windows.</summary>
        /// <remarks>Runs before every send: the usual case (room) only counts, with no list or sort.</remarks>
        public TimeSpan Wait((int Count, TimeSpan Window)[] rules, DateTimeOffset now)
        {
            var longest = TimeSpan.Zero;
            foreach (var (_, window) in rules)
            {
                longest = window > longest ? window : longest;
            }

            _sends.RemoveAll(s => s.End is { } end && end + longest <= now);
            var wait = TimeSpan.Zero;
            foreach (var (count, window) in rules)
            {
                var holding = 0;
                foreach (var s in _sends)
                {
                    if (Holds(s, window, now))
                    {
                        holding++;
                    }
                }

                if (holding < count)
                {
                    continue;
                }

                // The (holding - count + 1) earliest finished ones must leave; sends in flight leave only when they end.
                var leaving = holding - count + 1;
                var finished = _sends.Where(s => s.End is { } end && end + window > now).Select(s => s.End!.Value + window).Order().ToList(); // not null: filtered
                var until = finished.Count >= leaving ? finished[leaving - 1] - now : InFlightPoll;
                if (until > wait)
                {
                    wait = until;
                }
            }

            return wait;
        }

        /// <summary>In flight, or finished less than <paramref name="window"/> ago.</summary>
        private static bool Holds(SentSend s, TimeSpan window, DateTimeOffset now) => s.End is not { } end || end + window > now;

        public bool IdleSince(DateTimeOffset now, TimeSpan longest) => _sends.All(s => s.End is { } end && end + longest < now);
    }

    /// <summary>A send admitted by <see cref="Admit"/>, holding its place in its thread's and its tenant's windows.</summary>
    internal sealed class AdmittedSend(SentSend thread, SentSend? tenant)
    {
        public SentSend Thread { get; } = thread;

        public SentSend? Tenant { get; } = tenant;
    }
}
