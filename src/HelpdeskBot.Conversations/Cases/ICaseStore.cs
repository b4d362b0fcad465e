using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Conversations.Cases;

/// <summary>
/// Troubleshooting cases, one per user and target, persisted so a flow survives a restart. Updates use
/// optimistic concurrency on <see cref="CaseRecord.Version"/>; an escalation is written to the outbox in the
/// same transaction as the state change that causes it.
/// </summary>
/// <remarks>CONTRACT implemented by Storage for SQLite and PostgreSQL.</remarks>
public interface ICaseStore
{
    Task<CaseRecord?> GetAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>The newest case of <paramref name="userId"/> in <paramref name="conversationId"/> that is not closed.</summary>
    Task<CaseRecord?> FindOpenAsync(string conversationId, string userId, CancellationToken cancellationToken);

    /// <summary>Inserts a new case (Version 1) with its first audit event. False when the id exists.</summary>
    Task<bool> TryInsertAsync(CaseRecord record, CaseEvent firstEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts a new case as <see cref="TryInsertAsync(CaseRecord, CaseEvent, CancellationToken)"/> does and, when
    /// <paramref name="card"/> is given, queues the case's card for delivery in the same transaction (the row
    /// <see cref="IDeliveryStore.EnqueueCardAsync"/> writes for the case id). Nothing is written when the id exists.
    /// A store that cannot (a decorator that does not pass it on) refuses a card instead of dropping it.
    /// </summary>
    Task<bool> TryInsertAsync(CaseRecord record, CaseEvent firstEvent, CardDelivery? card, CancellationToken cancellationToken) =>
        card is null ? TryInsertAsync(record, firstEvent, cancellationToken) : throw new NotSupportedException($"{GetType().Name} cannot write a case card's delivery with the case.");

    /// <summary>
    /// Writes <paramref name="updated"/> (whose Version must be <paramref name="expectedVersion"/> + 1) when the
    /// stored version is still <paramref name="expectedVersion"/>, appends <paramref name="auditEvent"/>, and,
    /// when <paramref name="escalation"/> is given, adds it to the outbox — all in one transaction.
    /// False (and nothing written) when another writer got there first.
    /// </summary>
    Task<bool> TryUpdateAsync(CaseRecord updated, long expectedVersion, CaseEvent auditEvent, EscalationRequest? escalation, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="updated"/> as <see cref="TryUpdateAsync(CaseRecord, long, CaseEvent, EscalationRequest?, CancellationToken)"/>
    /// does and, when <paramref name="card"/> is given, queues the case's card for delivery in the same transaction
    /// (the row <see cref="IDeliveryStore.EnqueueCardAsync"/> writes for the case id). Nothing is written on a conflict.
    /// A store that cannot (a decorator that does not pass it on) refuses a card instead of dropping it.
    /// </summary>
    Task<bool> TryUpdateAsync(CaseRecord updated, long expectedVersion, CaseEvent auditEvent, EscalationRequest? escalation, CardDelivery? card, CancellationToken cancellationToken) =>
        card is null ? TryUpdateAsync(updated, expectedVersion, auditEvent, escalation, cancellationToken) : throw new NotSupportedException($"{GetType().Name} cannot write a case card's delivery with the case.");

    /// <summary>
    /// Records the activity now showing the case's card (<see cref="CaseRecord.CardActivityId"/>) without a new
    /// version: the card just sent carries the current version in its buttons. False when the case is not there.
    /// </summary>
    Task<bool> SetCardActivityAsync(string caseId, string activityId, CancellationToken cancellationToken);

    /// <summary>The user's cases, newest first.</summary>
    Task<IReadOnlyList<CaseRecord>> ListByUserAsync(string userId, int max, CancellationToken cancellationToken);

    /// <summary>Cases updated within [from, to), for the dashboard.</summary>
    Task<IReadOnlyList<CaseRecord>> ListUpdatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken);

    /// <summary>The audit trail of one case, oldest first.</summary>
    Task<IReadOnlyList<CaseEvent>> GetEventsAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="max"/> cases awaiting their diagnosis (<see cref="CaseRecord.AwaitsDiagnosis"/>),
    /// due and not leased to another live claimer, to <paramref name="owner"/> for <paramref name="lease"/>; earliest
    /// first. No case goes to two claimers at once.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimDiagnosesAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Gives a claimed diagnosis back: due again at <paramref name="retryAt"/> (a failed or interrupted run). Does
    /// nothing when the case no longer awaits a diagnosis (the run's own write cleared it) or the lease was lost.
    /// </summary>
    Task<bool> ReleaseDiagnosisAsync(string caseId, string owner, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>Cases awaiting their diagnosis (claimed or not): the backlog, for metrics and tests.</summary>
    Task<int> CountAwaitingDiagnosisAsync(CancellationToken cancellationToken);
}

/// <param name="Status">open | resolved | escalated | abandoned | cancelled.</param>
/// <param name="StateJson">The conversation's own state, opaque to the store.</param>
public sealed record CaseRecord(
    string CaseId,
    string ConversationId,
    string UserId,
    string Target,
    CaseStatus Status,
    string StateJson,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The activity showing the case's card, once a delivery sent it (null before; older cases keep it in their state).</summary>
    public string? CardActivityId { get; init; }

    /// <summary>
    /// The case waits for a diagnosis (Diagnosing, with a target): written with the case, it queues the diagnosis in
    /// the same statement (<see cref="ICaseStore.ClaimDiagnosesAsync"/>); false clears it.
    /// </summary>
    public bool AwaitsDiagnosis { get; init; }
}

/// <param name="Kind">e.g. created, diagnosed, answered, escalated, resolved, expired.</param>
/// <param name="DataJson">Small JSON detail (step id, answer), never secrets.</param>
public sealed record CaseEvent(string CaseId, long Version, string Kind, string DataJson, DateTimeOffset At);
