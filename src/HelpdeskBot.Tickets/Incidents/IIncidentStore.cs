using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Tickets.Incidents;

/// <summary>
/// Joins reports about the same target within a window into one incident (one ticket). Must be atomic
/// across instances: two instances joining the same target at once get the same incident.
/// </summary>
/// <remarks>CONTRACT implemented by Storage for SQLite and PostgreSQL.</remarks>
public interface IIncidentStore
{
    /// <summary>
    /// Returns the open incident for <paramref name="targetKey"/> whose last report is within
    /// <paramref name="window"/> of <paramref name="now"/> and adds the reporter to it (counted once per
    /// reporter id), or opens a new one with <paramref name="escalationId"/> as its lead escalation.
    /// </summary>
    Task<IncidentJoin> JoinOrOpenAsync(string targetKey, string reporterId, string reporterName, string escalationId, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records the ticket of the incident's lead escalation.</summary>
    Task AttachTicketAsync(string incidentId, TicketRef ticket, CancellationToken cancellationToken);

    Task<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// The incident led by <paramref name="escalationId"/>, open or closed: the escalation whose id is its ticket's
    /// correlation id (ServiceNow correlation_id, Zendesk external_id, the webhook's escalationId). Null when none.
    /// </summary>
    Task<Incident?> FindByLeadEscalationIdAsync(string escalationId, CancellationToken cancellationToken);

    /// <summary>Closes the incident so the next report opens a new one.</summary>
    Task CloseAsync(string incidentId, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <param name="IsNew">True when this call opened the incident (its escalation creates the ticket).</param>
/// <param name="IsNewReporter">True when this reporter was not yet counted.</param>
public sealed record IncidentJoin(Incident Incident, bool IsNew, bool IsNewReporter);

public sealed record Incident(
    string IncidentId,
    string TargetKey,
    string LeadEscalationId,
    int AffectedUsers,
    IReadOnlyList<string> ReporterNames,
    TicketRef? Ticket,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastReportAt,
    bool Closed);
