namespace HelpdeskBot.Protocol.Routing;

/// <summary>
/// Work that must not hold the HTTP request of a turn (probes, ticket calls): queued and run by a hosted service,
/// bounded so a flood cannot exhaust memory.
/// </summary>
public interface IBackgroundWorkQueue
{
    /// <summary>Queues the work; false when the queue is full (the caller should tell the user to retry).</summary>
    bool TryEnqueue(Func<CancellationToken, Task> work);
}
