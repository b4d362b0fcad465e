namespace HelpdeskBot.Tickets.Dispatching;

/// <summary>
/// Wakes a store-backed dispatcher (Teams deliveries, diagnoses) when work was written or a slot freed, so it runs
/// at once instead of at the next poll; work due later asks to be woken when it falls due. No wake-up is lost: a
/// signal raised while the dispatcher is busy is kept and ends its next wait at once, and a due time earlier than
/// the one the dispatcher sleeps towards re-arms its timer. One waiter at a time (the dispatcher's loop).
/// </summary>
public sealed class DispatchSignal(TimeProvider time)
{
    /// <summary>Due times remembered at most; later ones beyond it are served by the poll (they are rows in the store).</summary>
    private const int MaxDueTimes = 10_000;

    private readonly Lock _gate = new();
    private readonly SortedSet<DateTimeOffset> _due = [];
    private bool _set;
    private TaskCompletionSource? _waiter;
    private DateTimeOffset _waitingUntil = DateTimeOffset.MaxValue;

    /// <summary>Wakes the dispatcher now, or when <paramref name="dueAt"/> comes if that is later.</summary>
    public void Notify(DateTimeOffset? dueAt = null)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            if (dueAt is { } at && at > time.GetUtcNow())
            {
                if (_due.Count < MaxDueTimes || at < _due.Max)
                {
                    _due.Add(at);
                    if (_due.Count > MaxDueTimes)
                    {
                        _due.Remove(_due.Max);
                    }
                }

                // Only a due time before the one the waiter sleeps towards needs it to re-arm.
                if (at < _waitingUntil)
                {
                    wake = _waiter;
                }
            }
            else
            {
                _set = true;
                wake = _waiter;
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>
    /// Returns when signalled (also by a signal raised before this call and not yet consumed), when a remembered due
    /// time is reached, or after <paramref name="poll"/>.
    /// </summary>
    public async Task WaitAsync(TimeSpan poll, CancellationToken cancellationToken)
    {
        var pollAt = time.GetUtcNow() + poll;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TaskCompletionSource waiter;
            TimeSpan delay;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                var reached = false;
                while (_due.Count > 0 && _due.Min <= now)
                {
                    _due.Remove(_due.Min);
                    reached = true;
                }

                if (_set || reached || now >= pollAt)
                {
                    _set = false;
                    return;
                }

                _waitingUntil = _due.Count > 0 && _due.Min < pollAt ? _due.Min : pollAt;
                delay = _waitingUntil - now;
                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiter = waiter;
            }

            try
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delayed = Task.Delay(delay, time, stop.Token);
                await Task.WhenAny(waiter.Task, delayed).ConfigureAwait(false);
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await delayed.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The wake-up came first; the timer was cancelled on purpose.
                }
            }
            finally
            {
                lock (_gate)
                {
                    _waiter = null;
                    _waitingUntil = DateTimeOffset.MaxValue;
                }
            }

            // Loop: the top decides whether this was a signal, a due time, the poll, or only a re-arm.
        }
    }
}
