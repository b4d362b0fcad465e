using HelpdeskBot.Tickets.Dispatching;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>
/// This process's one SQLite write turn, taken in order of arrival within each <see cref="WriteUrgency"/>, the more
/// urgent first: a writer a request waits for goes before a background dispatcher's writer (under a burst the
/// dispatchers' claims and outcomes queued in front of every report's writes and made the answers wait), and among
/// the dispatchers' writers the deliveries' (the cards users wait for: a report's acknowledgement is claimed and
/// completed by them) go before the diagnoses' and the outbox's, which queued in front of them (rate limits, claims,
/// case updates: several writes per report). So that nothing is starved, the dispatchers get every
/// <see cref="RequestsInARow"/>+1-th turn while requests wait, and the other dispatchers every
/// <see cref="DeliveriesInARow"/>+1-th of those while deliveries wait.
/// </summary>
internal sealed class SqliteWriteTurn
{
    /// <summary>Request writers served in a row while dispatchers' writers wait: a dispatcher's writer waits at most this many extra turns.</summary>
    public const int RequestsInARow = 2;

    /// <summary>Dispatcher turns given to deliveries in a row while other dispatchers' writers wait.</summary>
    public const int DeliveriesInARow = 1;

    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _requests = new();
    private readonly LinkedList<Waiter> _deliveries = new();
    private readonly LinkedList<Waiter> _background = new();
    private bool _held;
    private int _requestsInARow;
    private int _deliveriesInARow;

    /// <summary>Waits for the turn; give it back with <see cref="Release"/>.</summary>
    public Task TakeAsync(WriteUrgency urgency, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_gate)
        {
            if (!_held)
            {
                _held = true;
                _requestsInARow = 0;
                _deliveriesInARow = 0;
                return Task.CompletedTask;
            }

            waiter = new Waiter();
            waiter.Node = QueueOf(urgency).AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.UnsafeRegister(static (state, token) =>
            {
                var (turn, waiting) = ((SqliteWriteTurn, Waiter))state!;
                turn.Cancel(waiting, token);
            }, (this, waiter));

            // Kept only while the waiter still waits: a Release (or the cancellation) that came first has already
            // taken it out of the queue, and its registration must not stay on the caller's token.
            lock (_gate)
            {
                if (waiter.Node is not null)
                {
                    waiter.Registration = registration;
                    registration = default;
                }
            }

            registration.Dispose();
        }

        return waiter.Task;
    }

    /// <summary>Gives the turn to the next writer (see the class summary for the order), or frees it.</summary>
    public void Release()
    {
        Waiter? next;
        CancellationTokenRegistration registration;
        lock (_gate)
        {
            var dispatchers = _deliveries.Count + _background.Count;
            var queue = _requests.Count > 0 && (dispatchers == 0 || _requestsInARow < RequestsInARow) ? _requests
                : _deliveries.Count > 0 && (_background.Count == 0 || _deliveriesInARow < DeliveriesInARow) ? _deliveries
                : _background;
            if (queue.First is not { } node)
            {
                _held = false;
                return;
            }

            next = node.Value;
            queue.Remove(node);
            next.Node = null;
            registration = next.Registration;
            _requestsInARow = queue == _requests ? _requestsInARow + 1 : 0;
            if (queue != _requests)
            {
                _deliveriesInARow = queue == _deliveries ? _deliveriesInARow + 1 : 0;
            }
        }

        registration.Dispose();
        next.TrySetResult();
    }

    private LinkedList<Waiter> QueueOf(WriteUrgency urgency) => urgency switch
    {
        WriteUrgency.Request => _requests,
        WriteUrgency.Delivery => _deliveries,
        _ => _background,
    };

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_gate)
        {
            if (waiter.Node is not { } node)
            {
                return; // already given the turn: its owner gives it back
            }

            node.List!.Remove(node);
            waiter.Node = null;
        }

        waiter.TrySetCanceled(token);
    }

    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
