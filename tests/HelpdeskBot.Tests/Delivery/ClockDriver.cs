using HelpdeskBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.Delivery;

/// <summary>
/// Moves a host's fake clock on in steps, letting the bot's background work catch up (in real time) between steps:
/// a step is taken once the fake connector has seen no new request for a moment. That pause paces the steps only; the
/// conditions decide (<see cref="AdvanceUntilAsync(Func{Task{bool}}, int)"/>), and "exactly once" is asserted after
/// <see cref="DeliveryRows.DrainedAsync"/>.
/// </summary>
internal sealed class ClockDriver(FakeTimeProvider clock, FakeConnector connector, TimeSpan step)
{
    public async Task AdvanceAsync(TimeSpan total)
    {
        for (var moved = TimeSpan.Zero; moved < total; moved += step)
        {
            await SettleAsync();
            clock.Advance(step);
        }

        await SettleAsync();
    }

    public async Task AdvanceUntilAsync(Func<Task<bool>> done, int maxSteps = 200)
    {
        for (var i = 0; i < maxSteps; i++)
        {
            if (await done())
            {
                // The sends the last step set off are answered too before the caller goes on (a fault it scripts next
                // must not catch one of them on its way).
                await SettleAsync();
                return;
            }

            await SettleAsync();
            clock.Advance(step);
        }

        Assert.Fail($"The condition was not met within {maxSteps} steps of {step} on the fake clock.");
    }

    public Task AdvanceUntilAsync(Func<bool> done, int maxSteps = 200) => AdvanceUntilAsync(() => Task.FromResult(done()), maxSteps);

    /// <summary>Until the connector has seen no new request for 150 ms.</summary>
    public Task SettleAsync() => connector.QuietAsync(TimeSpan.FromMilliseconds(150));
}
