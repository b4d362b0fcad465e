using HelpdeskBot.Tickets.Outbox;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>
/// This process's one SQLite write turn, taken in order of arrival, except that a writer a request waits for goes
/// before a background dispatcher's writer (<see cref="BackgroundWork"/>): under a burst the dispatchers' claims and
/// outcomes queued in front of every report's writes and made the answers wait. So that background work is never
/// starved, it gets every <see cref="ForegroundInARow"/>+1-th turn while both kinds wait.
/// </summary>
internal sealed class SqliteWriteTurn
{
    /// <summary>Request writers served in a row while background writers wait: a background writer waits at most this many extra turns.</summary>
    public const int ForegroundInARow = 2;

    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _foreground = new();
    private readonly LinkedList<Waiter> _background = new();
    private bool _held;
    private int _inARow;

    /// <summary>Waits for the turn; give it back with <see cref="Release"/>.</summary>
    public Task TakeAsync(bool background, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_gate)
        {
            if (!_held)
            {
                _held = true;
                _inARow = 0;
                return Task.CompletedTask;
            }

            waiter = new Waiter();
            waiter.Node = (background ? _background : _foreground).AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) =>
            {
                var (turn, waiting) = ((SqliteWriteTurn, Waiter))state!;
                turn.Cancel(waiting, token);
            }, (this, waiter));
        }

        return waiter.Task;
    }

    /// <summary>Gives the turn to the next writer (a request's first, see the class summary), or frees it.</summary>
    public void Release()
    {
        Waiter? next;
        lock (_gate)
        {
            var first = _foreground.Count > 0 && (_background.Count == 0 || _inARow < ForegroundInARow) ? _foreground : _background;
            if (first.First is not { } node)
            {
                _held = false;
                return;
            }

            next = node.Value;
            first.Remove(node);
            next.Node = null;
            _inARow = first == _foreground ? _inARow + 1 : 0;
        }

        next.Registration.Dispose();
        next.TrySetResult();
    }

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
