using HelpdeskBot.Conversations.Delivery;

namespace HelpdeskBot.Tests.Delivery;

/// <summary>Waits on the durable delivery rows, the condition to reach before asserting that something went out exactly once.</summary>
internal static class DeliveryRows
{
    /// <summary>
    /// Until no delivery row waits or is in flight (none pending, none in progress): every queued card and message has
    /// gone out or been parked, and nothing is sent again without a new enqueue. A quiet spell on the connector says only
    /// that nothing came lately; a late duplicate on a slow machine would come after it.
    /// </summary>
    public static async Task DrainedAsync(IDeliveryStore store, TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience, TimeProvider.System);
        while (true)
        {
            var rows = await store.CountByStateAsync(default);
            var (pending, inFlight) = (rows.GetValueOrDefault(DeliveryState.Pending), rows.GetValueOrDefault(DeliveryState.InProgress));
            if (pending == 0 && inFlight == 0)
            {
                return;
            }

            Assert.False(deadline.IsCancellationRequested, $"Deliveries still queued: {pending} pending, {inFlight} in flight.");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }
}
