using HelpdeskBot.Protocol.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Protocol.Tests.Hosting;

public sealed class SteppedTimeoutClockTests
{
    [Fact]
    public void One_jump_of_a_fake_clock_does_not_time_out_an_attempt()
    {
        var fake = new FakeTimeProvider();
        using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(10), new SteppedTimeoutClock(fake));

        fake.Advance(TimeSpan.FromMinutes(15));

        Assert.False(attempt.IsCancellationRequested);
    }

    [Fact]
    public void A_fake_clock_that_keeps_moving_times_the_attempt_out_after_its_steps()
    {
        var fake = new FakeTimeProvider();
        using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(10), new SteppedTimeoutClock(fake));

        for (var i = 1; i < SteppedTimeoutClock.Steps; i++)
        {
            fake.Advance(TimeSpan.FromSeconds(10) / SteppedTimeoutClock.Steps);
            Assert.False(attempt.IsCancellationRequested);
        }

        fake.Advance(TimeSpan.FromSeconds(10) / SteppedTimeoutClock.Steps);
        Assert.True(attempt.IsCancellationRequested);
    }

    [Fact]
    public void Steps_shorter_than_the_due_time_do_not_fire_early()
    {
        var fake = new FakeTimeProvider();
        using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(8), new SteppedTimeoutClock(fake));

        // Each step is 1 s: half-second moves need two per step.
        for (var i = 0; i < (2 * SteppedTimeoutClock.Steps) - 1; i++)
        {
            fake.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.False(attempt.IsCancellationRequested);
        fake.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(attempt.IsCancellationRequested);
    }

    [Fact]
    public async Task On_the_system_clock_the_steps_add_up_to_the_due_time()
    {
        var clock = new SteppedTimeoutClock(TimeProvider.System);
        var started = TimeProvider.System.GetTimestamp();
        using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(200), clock);

        await Task.Delay(Timeout.InfiniteTimeSpan, attempt.Token).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(190));
    }

    [Fact]
    public void A_disarmed_timer_never_fires()
    {
        var fake = new FakeTimeProvider();
        var fired = 0;
        using var timer = new SteppedTimeoutClock(fake).CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(8), Timeout.InfiniteTimeSpan);

        fake.Advance(TimeSpan.FromSeconds(1));
        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        for (var i = 0; i < 20; i++)
        {
            fake.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(0, fired);
    }
}
