using System.Collections.Concurrent;

namespace HelpdeskBot.Tickets.Tests.Outbox;

/// <summary>Stands in for Conversations' card updates: records what the user would have been told.</summary>
internal sealed class RecordingNotifier : IEscalationNotifier
{
    private readonly object _gate = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

    public ConcurrentQueue<(string EscalationId, TicketRef Ticket, int AffectedUsers)> Created { get; } = new();

    public ConcurrentQueue<(string EscalationId, string Reason)> Parked { get; } = new();

    public Task TicketCreatedAsync(EscalationRequest request, TicketRef ticket, int affectedUsers, CancellationToken cancellationToken)
    {
        Created.Enqueue((request.EscalationId, ticket, affectedUsers));
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => Created.Count >= w.Count))
            {
                waiter.Done.TrySetResult();
            }
        }

        return Task.CompletedTask;
    }

    public Task EscalationParkedAsync(EscalationRequest request, string reason, CancellationToken cancellationToken)
    {
        Parked.Enqueue((request.EscalationId, reason));
        return Task.CompletedTask;
    }

    /// <summary>Completes when <paramref name="count"/> tickets were announced (the dispatcher runs in the background).</summary>
    public Task WaitForTicketsAsync(int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (Created.Count >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((count, done));
        }

        return done.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
