namespace HelpdeskBot.Protocol.Routing;

/// <summary>
/// Work that must not hold the HTTP request of a turn (probes): queued and run by a hosted service with limited
/// concurrency. Accepted work is never refused; what must survive a restart is resumed from the store.
/// </summary>
public interface IBackgroundWorkQueue
{
    /// <summary>Queues the work; false only once the host has stopped.</summary>
    bool TryEnqueue(Func<CancellationToken, Task> work);
}
