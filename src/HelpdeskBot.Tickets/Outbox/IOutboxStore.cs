using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Tickets.Outbox;

/// <summary>
/// The escalation outbox. Rows are written by the case store in the same transaction as the case's state
/// change (<c>ICaseStore.TryUpdateAsync</c>), or by <see cref="EnqueueAsync"/> on their own. Claims are
/// leases: a row claimed by an instance that dies becomes claimable again when its lease expires.
/// </summary>
/// <remarks>CONTRACT implemented by Storage for SQLite and PostgreSQL (FOR UPDATE SKIP LOCKED).</remarks>
public interface IOutboxStore
{
    /// <summary>Adds an escalation; a second call with the same EscalationId is a no-op returning false.</summary>
    Task<bool> EnqueueAsync(EscalationRequest request, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Claims up to <paramref name="max"/> due rows (Pending with NextAttemptAt ≤ now, or InProgress with an expired lease).</summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks the row sent with its ticket. False when the lease was lost (another owner took it).</summary>
    Task<bool> CompleteAsync(long id, string owner, TicketRef ticket, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Releases the row for a later attempt; counts the attempt and keeps the error (never a secret).</summary>
    Task<bool> RescheduleAsync(long id, string owner, DateTimeOffset nextAttemptAt, string error, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives up: the row is Parked until an admin replays it.</summary>
    Task<bool> ParkAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Puts a parked row back to Pending, due now. False when it is not parked.</summary>
    Task<bool> ReplayAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    Task<OutboxEntry?> GetAsync(long id, CancellationToken cancellationToken);

    Task<OutboxEntry?> FindByEscalationIdAsync(string escalationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState? state, int max, CancellationToken cancellationToken);

    /// <summary>Counts per state (backlog for metrics and the dashboard).</summary>
    Task<IReadOnlyDictionary<OutboxState, int>> CountByStateAsync(CancellationToken cancellationToken);
}

public enum OutboxState
{
    Pending,
    InProgress,
    Sent,
    Parked,
}

public sealed record OutboxEntry(
    long Id,
    string EscalationId,
    EscalationRequest Request,
    OutboxState State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpiresAt,
    string? LastError,
    TicketRef? Ticket);
