using System.Threading.Channels;

namespace HelpdeskBot.Tickets.Outbox;

/// <summary>
/// Wakes the outbox dispatcher when an escalation was written, so it is sent at once instead of at the next
/// poll. Call <see cref="Notify"/> after the transaction that wrote the outbox row has committed.
/// </summary>
public interface IOutboxSignal
{
    void Notify();
}

internal sealed class OutboxSignal : IOutboxSignal
{
    // Capacity 1, extra notifications dropped: one pending wake-up covers any number of new rows.
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken cancellationToken) => await _channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
}
