namespace HelpdeskBot.Protocol.Hosting;

/// <summary>
/// The clock of a per-attempt timeout: its timers fire once their due time has passed in <see cref="Steps"/> steps,
/// each armed when the one before fired. On the system clock the steps add up to the same due time. A jump of a
/// fake clock (tests move it by minutes at once, between what real time does in milliseconds) counts as one step,
/// so it does not cut a request that is in flight on loopback; a clock that keeps moving still times it out.
/// </summary>
internal sealed class SteppedTimeoutClock(TimeProvider inner) : TimeProvider
{
    /// <summary>Steps per due time: a timeout needs this many separate moves of a fake clock.</summary>
    public const int Steps = 8;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SteppedTimer(callback, state);
        timer.Start(inner);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class SteppedTimer(TimerCallback callback, object? state) : ITimer
    {
        private readonly Lock _gate = new();
        private ITimer? _timer;
        private int _left;
        private TimeSpan _step;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public void Start(TimeProvider inner) => _timer = inner.CreateTimer(static s => ((SteppedTimer)s!).OnStep(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _period = period;
                return Arm(dueTime);
            }
        }

        /// <summary>Called under the gate.</summary>
        private bool Arm(TimeSpan dueTime)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                _left = 0;
                return _timer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan); // set by Start before any Change
            }

            _left = dueTime <= TimeSpan.Zero ? 1 : Steps;
            _step = dueTime <= TimeSpan.Zero ? TimeSpan.Zero : dueTime / Steps;
            return _timer!.Change(_step, Timeout.InfiniteTimeSpan);
        }

        private void OnStep()
        {
            lock (_gate)
            {
                if (_left <= 0)
                {
                    return; // disarmed meanwhile
                }

                if (--_left > 0)
                {
                    _timer!.Change(_step, Timeout.InfiniteTimeSpan);
                    return;
                }

                if (_period != Timeout.InfiniteTimeSpan)
                {
                    Arm(_period);
                }
            }

            callback(state);
        }

        public void Dispose() => _timer?.Dispose();

        public ValueTask DisposeAsync() => _timer?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
