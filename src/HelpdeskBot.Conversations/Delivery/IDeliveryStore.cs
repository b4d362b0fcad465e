namespace HelpdeskBot.Conversations.Delivery;

/// <summary>
/// The durable delivery rows behind <see cref="IDeliveryQueue"/>. A live card is one row per (kind, subject) at
/// most: enqueueing it again while it waits keeps one row (the earlier due time wins, a back-off is kept), while
/// it is in flight marks it to run once more after. A one-off message is one row per key, forever (sent rows
/// stay, so a second enqueue with the key is a no-op). Claims are leases, as in the ticket outbox.
/// </summary>
/// <remarks>CONTRACT implemented by Storage for SQLite and PostgreSQL (FOR UPDATE SKIP LOCKED).</remarks>
public interface IDeliveryStore
{
    /// <summary>Adds or coalesces the live card (<paramref name="kind"/>, <paramref name="subjectId"/>), due at <paramref name="dueAt"/>.</summary>
    Task EnqueueCardAsync(string kind, string subjectId, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds a one-off message with its opaque payload; false (nothing written) when the key exists.</summary>
    Task<bool> EnqueueMessageAsync(string key, string payloadJson, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Claims up to <paramref name="max"/> due rows (pending and due, or in progress with an expired lease), earliest first.</summary>
    Task<IReadOnlyList<DeliveryEntry>> ClaimAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The deliveries <paramref name="ids"/> went out, recorded in one transaction (all or none). A live card's row is
    /// removed, or, when it was enqueued again meanwhile, becomes pending again (due when that enqueue asked); a
    /// message is marked sent. Returns the ids completed: a row whose lease <paramref name="owner"/> lost is not.
    /// </summary>
    Task<IReadOnlySet<long>> CompleteAsync(IReadOnlyCollection<long> ids, string owner, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Back to pending at <paramref name="nextAttemptAt"/>; counts an attempt when <paramref name="countAttempt"/> (not for pacing waits).</summary>
    Task<bool> RescheduleAsync(long id, string owner, DateTimeOffset nextAttemptAt, bool countAttempt, string? error, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives up: parked until a new enqueue of the card (or an admin) revives it.</summary>
    Task<bool> ParkAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken);

    Task<DeliveryEntry?> FindAsync(string kind, string subjectId, CancellationToken cancellationToken);

    /// <summary>Deletes one-off messages sent before <paramref name="sentBefore"/> (their keys become free); returns how many.</summary>
    Task<int> PurgeSentAsync(DateTimeOffset sentBefore, CancellationToken cancellationToken);

    /// <summary>Rows per state (backlog for metrics and readiness of the queue).</summary>
    Task<IReadOnlyDictionary<DeliveryState, int>> CountByStateAsync(CancellationToken cancellationToken);
}

public enum DeliveryState
{
    Pending,
    InProgress,
    Sent,
    Parked,
}

/// <param name="Kind">The live card's source kind, or <see cref="MessageKind"/> for a one-off message.</param>
/// <param name="SubjectId">The card's subject, or the message's key.</param>
/// <param name="PayloadJson">The message (null for a live card: it is rendered at send time).</param>
/// <param name="RunAgain">A live card enqueued again while in flight: it goes out once more after this send.</param>
public sealed record DeliveryEntry(
    long Id,
    string Kind,
    string SubjectId,
    string? PayloadJson,
    DeliveryState State,
    int Attempts,
    bool RunAgain,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpiresAt,
    string? LastError)
{
    /// <summary>The kind of one-off message rows.</summary>
    public const string MessageKind = "message";

    public bool IsMessage => Kind == MessageKind;
}
