using HelpdeskBot.Conversations.Delivery;

namespace HelpdeskBot.Tests.Delivery;

/// <summary>A real store passed through, for test decorators that step into one of its calls (override it).</summary>
internal abstract class DelegatingDeliveryStore(IDeliveryStore inner) : IDeliveryStore
{
    public virtual Task<IReadOnlySet<long>> CompleteAsync(IReadOnlyCollection<long> ids, string owner, DateTimeOffset now, CancellationToken cancellationToken) => inner.CompleteAsync(ids, owner, now, cancellationToken);

    public virtual Task EnqueueCardAsync(string kind, string subjectId, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken cancellationToken) => inner.EnqueueCardAsync(kind, subjectId, dueAt, now, cancellationToken);

    public virtual Task<bool> EnqueueMessageAsync(string key, string payloadJson, DateTimeOffset now, CancellationToken cancellationToken) => inner.EnqueueMessageAsync(key, payloadJson, now, cancellationToken);

    public virtual Task<IReadOnlyList<DeliveryEntry>> ClaimAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken) => inner.ClaimAsync(owner, max, lease, now, cancellationToken);

    public virtual Task<bool> RescheduleAsync(long id, string owner, DateTimeOffset nextAttemptAt, bool countAttempt, string? error, DateTimeOffset now, CancellationToken cancellationToken) => inner.RescheduleAsync(id, owner, nextAttemptAt, countAttempt, error, now, cancellationToken);

    public virtual Task<bool> ParkAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken) => inner.ParkAsync(id, owner, error, now, cancellationToken);

    public virtual Task<DeliveryEntry?> FindAsync(string kind, string subjectId, CancellationToken cancellationToken) => inner.FindAsync(kind, subjectId, cancellationToken);

    public virtual Task<IReadOnlyDictionary<DeliveryState, int>> CountByStateAsync(CancellationToken cancellationToken) => inner.CountByStateAsync(cancellationToken);

    public virtual Task<int> PurgeSentAsync(DateTimeOffset sentBefore, CancellationToken cancellationToken) => inner.PurgeSentAsync(sentBefore, cancellationToken);
}
