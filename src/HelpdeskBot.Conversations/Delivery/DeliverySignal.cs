using System.Threading.Channels;

namespace HelpdeskBot.Conversations.Delivery;

/// <summary>
/// Wakes the delivery dispatcher when a delivery was written (or a slot freed), so it goes out at once instead of
/// at the next poll; a debounced delivery asks to be woken when it falls due.
/// </summary>
internal sealed class DeliverySignal(TimeProvider time)
{
    // Capacity 1, extra notifications dropped: one pending wake-up covers any number of new rows.
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();
    private DateTimeOffset? _wakeAt;

    /// <summary>Wakes the dispatcher now, or when <paramref name="dueAt"/> comes if that is later.</summary>
    public void Notify(DateTimeOffset? dueAt = null)
    {
        if (dueAt is { } at && at > time.GetUtcNow())
        {
            lock (_gate)
            {
                _wakeAt = _wakeAt is { } current && current <= at ? current : at;
            }

            return;
        }

        _channel.Writer.TryWrite(true);
    }

    /// <summary>How long until a debounced delivery falls due (at most <paramref name="poll"/>), consuming that wake-up once reached.</summary>
    public TimeSpan NextWait(TimeSpan poll)
    {
        lock (_gate)
        {
            if (_wakeAt is not { } at)
            {
                return poll;
            }

            var wait = at - time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                _wakeAt = null;
                return TimeSpan.Zero;
            }

            return wait < poll ? wait : poll;
        }
    }

    public async Task WaitAsync(CancellationToken cancellationToken) => await _channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
}
