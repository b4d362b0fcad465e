using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace HelpdeskBot.Testing;

/// <summary>
/// A fake clock that knows which of its timers (deadlines, the budget, pauses) are still pending, so a test moves
/// time only once the code under test waits, and exactly to the next timer that falls due: no sleeps, no
/// wall-clock asserts. <see cref="Watch"/> signals when a timer of a given length starts (a pause between attempts).
/// </summary>
public sealed class ObservedClock : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<Tracked> _pending = [];
    private (TimeSpan Due, SemaphoreSlim Signal)? _watch;

    /// <summary>Releases <paramref name="signal"/> each time a timer of length <paramref name="due"/> starts.</summary>
    public void Watch(TimeSpan due, SemaphoreSlim signal) => _watch = (due, signal);

    /// <summary>Moves the clock to the earliest pending timer, if one is pending and due in the future.</summary>
    public void AdvanceToNextTimer()
    {
        DateTimeOffset? next;
        lock (_gate)
        {
            next = _pending.Count == 0 ? null : _pending.Min(t => t.At);
        }

        if (next is { } at && at > GetUtcNow())
        {
            SetUtcNow(at);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> to its end, moving the clock to the next pending timer each time <paramref name="waiting"/>
    /// is released — the code under test now waits (a stalled server holds its request, a SYN is unanswered, a pause
    /// started) — so time moves only once the test knows what waits, never on a sleep.
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> work, SemaphoreSlim waiting)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(waiting);
        while (true)
        {
            var next = waiting.WaitAsync(TimeSpan.FromSeconds(20));
            if (await Task.WhenAny(work, next) == work)
            {
                return await work;
            }

            Assert.True(await next, "the work neither finished nor waited on its clock");
            AdvanceToNextTimer();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new Tracked(this);
        tracked.Inner = base.CreateTimer(s => { tracked.Done(); callback(s); }, state, dueTime, period);
        tracked.Schedule(dueTime);
        if (_watch is { } watch && dueTime == watch.Due)
        {
            watch.Signal.Release();
        }

        return tracked;
    }

    private sealed class Tracked(ObservedClock clock) : ITimer
    {
        public ITimer Inner { get; set; } = null!; // set right after construction, before the timer is handed out

        public DateTimeOffset At { get; private set; }

        public void Schedule(TimeSpan dueTime)
        {
            lock (clock._gate)
            {
                clock._pending.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    At = clock.GetUtcNow() + dueTime;
                    clock._pending.Add(this);
                }
            }
        }

        public void Done()
        {
            lock (clock._gate)
            {
                clock._pending.Remove(this);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Schedule(dueTime);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            Done();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Done();
            return Inner.DisposeAsync();
        }
    }
}
