using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Tickets.Outbox;

/// <summary>Queues an escalation on its own (outside a case transaction) and wakes the dispatcher.</summary>
public interface IEscalationQueue
{
    /// <summary>False when this escalation id was queued before (a double click): nothing new is sent.</summary>
    Task<bool> EnqueueAsync(EscalationRequest request, CancellationToken cancellationToken);
}

internal sealed class EscalationQueue : IEscalationQueue
{
    private readonly IOutboxStore _store;
    private readonly IOutboxSignal _signal;
    private readonly TimeProvider _time;

    public EscalationQueue(IOutboxStore store, IOutboxSignal signal, TimeProvider time)
    {
        _store = store;
        _signal = signal;
        _time = time;
    }

    public async Task<bool> EnqueueAsync(EscalationRequest request, CancellationToken cancellationToken)
    {
        var added = await _store.EnqueueAsync(request, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (added)
        {
            _signal.Notify();
        }

        return added;
    }
}
