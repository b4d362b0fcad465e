using HelpdeskBot.Tickets.Dispatching;

namespace HelpdeskBot.Conversations.Delivery;

/// <summary>Wakes the delivery dispatcher when a delivery was written (or a slot freed), or when a rescheduled one falls due.</summary>
internal sealed class DeliverySignal(TimeProvider time)
{
    private readonly DispatchSignal _signal = new(time);

    /// <inheritdoc cref="DispatchSignal.Notify"/>
    public void Notify(DateTimeOffset? dueAt = null) => _signal.Notify(dueAt);

    /// <inheritdoc cref="DispatchSignal.WaitAsync"/>
    public Task WaitAsync(TimeSpan poll, CancellationToken cancellationToken) => _signal.WaitAsync(poll, cancellationToken);
}
