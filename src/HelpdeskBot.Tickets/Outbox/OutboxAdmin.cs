namespace HelpdeskBot.Tickets.Outbox;

/// <summary>What an admin may do with the outbox: list rows, replay a parked escalation.</summary>
public sealed class OutboxAdmin
{
    private readonly IOutboxStore _store;
    private readonly IOutboxSignal _signal;
    private readonly TimeProvider _time;

    public OutboxAdmin(IOutboxStore store, IOutboxSignal signal, TimeProvider time)
    {
        _store = store;
        _signal = signal;
        _time = time;
    }

    /// <summary>Puts a parked row back to Pending, due now, and wakes the dispatcher. False when it is not parked.</summary>
    public async Task<bool> ReplayAsync(long id, CancellationToken cancellationToken)
    {
        var replayed = await _store.ReplayAsync(id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (replayed)
        {
            _signal.Notify();
        }

        return replayed;
    }

    public Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState? state, int max, CancellationToken cancellationToken)
        => _store.ListAsync(state, Math.Clamp(max, 1, 1000), cancellationToken);

    public Task<OutboxEntry?> GetAsync(long id, CancellationToken cancellationToken) => _store.GetAsync(id, cancellationToken);
}
