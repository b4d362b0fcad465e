using HelpdeskBot.Tickets.Dispatching;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tickets.Tests.Outbox;

/// <summary>The dispatchers' wake-up: no signal is lost, whether it comes while the dispatcher is busy or asleep.</summary>
public sealed class DispatchSignalTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task A_signal_raised_while_the_dispatcher_is_busy_ends_its_next_wait_at_once()
    {
        var signal = new DispatchSignal(_clock);

        signal.Notify(); // during a pass: nobody waits yet

        await signal.WaitAsync(Poll, default).WaitAsync(Safety); // the clock stands still
    }

    [Fact]
    public async Task A_signal_wakes_a_waiting_dispatcher_and_is_consumed_once()
    {
        var signal = new DispatchSignal(_clock);
        var waiting = signal.WaitAsync(Poll, default);
        Assert.False(waiting.IsCompleted);

        signal.Notify();
        await waiting.WaitAsync(Safety);

        // Two signals during the pass count as one: the next wait ends at once, the one after lasts until the poll.
        // (Both raised while nobody waits: a second signal raised after the woken waiter resumed is a new pass's, and
        // where a thread pool runs that continuation is not the test's to decide.)
        signal.Notify();
        signal.Notify();
        await signal.WaitAsync(Poll, default).WaitAsync(Safety);
        var next = signal.WaitAsync(Poll, default);
        Assert.False(next.IsCompleted); // it sleeps on the fake clock's timer
        _clock.Advance(Poll);
        await next.WaitAsync(Safety);
    }

    [Fact]
    public async Task A_due_time_before_the_poll_re_arms_a_sleeping_dispatcher()
    {
        var signal = new DispatchSignal(_clock);
        var waiting = signal.WaitAsync(Poll, default);
        signal.Notify(_clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        _clock.Advance(TimeSpan.FromSeconds(1));

        await waiting.WaitAsync(Safety);
    }

    [Fact]
    public async Task Every_remembered_due_time_wakes_the_dispatcher_not_only_the_earliest()
    {
        var signal = new DispatchSignal(_clock);
        var now = _clock.GetUtcNow();
        signal.Notify(now + TimeSpan.FromSeconds(1));
        signal.Notify(now + TimeSpan.FromSeconds(2));

        _clock.Advance(TimeSpan.FromSeconds(1));
        await signal.WaitAsync(Poll, default).WaitAsync(Safety);

        var second = signal.WaitAsync(Poll, default);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await second.WaitAsync(Safety);
    }

    [Fact]
    public async Task Stopping_ends_the_wait()
    {
        var signal = new DispatchSignal(_clock);
        using var stop = new CancellationTokenSource();
        var waiting = signal.WaitAsync(Poll, stop.Token);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Safety));
    }
}
