using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Tickets.Escalations;

/// <summary>
/// Everything a help-desk engineer needs, handed from the conversation to the ticket system. Written to the
/// outbox in the same transaction as the case's state change; <see cref="EscalationId"/> is the idempotency
/// key that every provider uses as its correlation / external id.
/// </summary>
/// <remarks>CONTRACT shared by Conversations (producer), Tickets (consumer) and Storage (persistence as JSON).</remarks>
public sealed record EscalationRequest(
    string EscalationId,
    string CaseId,
    string Target,
    int? StatusCode,
    string ProblemTitle,
    string? ReportText,
    Reporter Reporter,
    DateTimeOffset StartedAt,
    DateTimeOffset RequestedAt,
    EscalationReason Reason,
    Diagnosis? Diagnosis,
    IReadOnlyList<StepRecord> Steps,
    string? Platform,
    string Urgency,
    string Impact,
    ServiceRoute Route,
    ConversationLink Conversation)
{
    /// <summary>
    /// W3C traceparent of the work that escalated (the Teams turn or the background diagnosis): the outbox dispatch
    /// continues this trace and the ticket shows its trace id, so an agent finds every log line and span of the case.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// The language the user wrote in and is answered in (a shipped tag: "de", "pt-BR"); the ticket, written in the
    /// help desk's language, names it beside the user's quoted words. Null in rows stored before it was kept.
    /// </summary>
    public string? Language { get; init; }
}

public enum EscalationReason
{
    /// <summary>The probes show a server-side fault and the runbook escalates at once.</summary>
    ServerSideFault,
    /// <summary>Every applicable step was tried and it is still broken.</summary>
    StepsExhausted,
    /// <summary>The user pressed "Escalate now".</summary>
    UserRequested,
}

/// <param name="UserId">The channel user id (Teams "29:…").</param>
public sealed record Reporter(string UserId, string Name, string? AadObjectId, string? Email, string? TenantId);

/// <param name="Answer">fixed | still-broken | cannot | escalate | … (the answer id) with <paramref name="AnswerText"/> for humans.</param>
public sealed record StepRecord(string StepId, string Title, string Answer, string AnswerText, DateTimeOffset At);

/// <summary>Routing from the service catalogue.</summary>
public sealed record ServiceRoute(string? ServiceName, string? OwningTeam, string? Category, string? AssignmentGroup);

/// <summary>
/// Where the report was made, as the ticket shows it. The user hears about the ticket through their case (its card),
/// not through this; rows stored before carried the channel address too, which reading ignores.
/// </summary>
/// <param name="TenantId">The user's Entra tenant (shown when the reporter has none).</param>
/// <param name="DeepLink">A link back to the Teams conversation.</param>
public sealed record ConversationLink(string? TenantId, string? DeepLink);

/// <summary>A ticket as the provider numbered it.</summary>
public sealed record TicketRef(string Provider, string Number, string? Url, string? ExternalId);
