namespace HelpdeskBot.Conversations.Delivery;

/// <summary>
/// Records the dispatcher's finished sends in groups (a group commit): a send that finishes while no completion is
/// being written is written at once, alone; the sends that finish while that write waits for the store (under load:
/// for SQLite's one write turn, behind the requests' writes) go together in the next write, one transaction. Under a
/// burst one write completes a round of sends instead of one write each, so the dispatcher's slots free sooner and
/// its next claim (the acknowledgements users wait for) no longer queues behind dozens of completions. Nothing is
/// held back on purpose: an idle dispatcher's single completion is written at once, as before.
/// </summary>
/// <remarks>
/// A completion waiting in a group is no less durable than one waiting for its own write: until it is written the
/// row is still leased, and a crash leaves it to be claimed again when the lease expires, as before.
/// </remarks>
internal sealed class DeliveryCompletions(IDeliveryStore store, string owner, TimeProvider time)
{
    private readonly Lock _gate = new();
    private Dictionary<long, TaskCompletionSource<bool>> _next = [];
    private bool _writing;

    /// <summary>
    /// Completes the row <paramref name="id"/> (see <see cref="IDeliveryStore.CompleteAsync"/>) with the next group
    /// write; false when the lease was lost. <paramref name="cancellationToken"/> (the dispatcher's stopping token)
    /// also ends the group write this call starts.
    /// </summary>
    public Task<bool> CompleteAsync(long id, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            // A row is sent by one send of this instance at a time (the dispatcher's running map), so an id is here once.
            _next.Add(id, done);
            if (_writing)
            {
                return done.Task; // the running writer takes it with its next group
            }

            _writing = true;
        }

        _ = WriteGroupsAsync(cancellationToken);
        return done.Task;
    }

    /// <summary>Writes the waiting completions as one group, and again while more arrived meanwhile; never throws.</summary>
    private async Task WriteGroupsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Dictionary<long, TaskCompletionSource<bool>> group;
            lock (_gate)
            {
                if (_next.Count == 0)
                {
                    _writing = false;
                    return;
                }

                group = _next;
                _next = [];
            }

            try
            {
                var completed = await store.CompleteAsync(group.Keys, owner, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                foreach (var (id, done) in group)
                {
                    done.TrySetResult(completed.Contains(id));
                }
            }
            catch (Exception e)
            {
                // The transaction wrote none of them: each send reports the failure, its lease expires and it is tried again.
                foreach (var done in group.Values)
                {
                    done.TrySetException(e);
                }
            }
        }
    }
}
