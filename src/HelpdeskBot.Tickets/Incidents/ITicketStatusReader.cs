using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Tickets.Incidents;

/// <summary>
/// Reads an incident's ticket back from its ticket system (the provider's get-by-id) and maps the provider's own
/// states onto <see cref="ExternalTicketState"/>: ServiceNow Resolved/Closed, Jira status category Done, Zendesk
/// solved/closed count as resolved. The incident watch calls it on its schedule for open incidents.
/// </summary>
/// <remarks>CONTRACT: implemented by Tickets, called by the incident watch in Conversations.</remarks>
public interface ITicketStatusReader
{
    Task<ExternalTicketStatus> ReadAsync(TicketRef ticket, CancellationToken cancellationToken);
}

public enum ExternalTicketState
{
    /// <summary>The ticket system could not be asked or its answer was not understood; nothing follows from it.</summary>
    Unknown,

    Open,

    Resolved,
}

/// <param name="ProviderStatus">The provider's own status word, for the help desk's eyes (e.g. "Resolved", "solved").</param>
/// <param name="ChangedAt">
/// When the ticket system says the ticket was resolved (ServiceNow resolved_at, else closed_at; Jira
/// statuscategorychangedate, else resolutiondate; Zendesk's ticket metric solved_at), never a time a later comment moves:
/// a resolution at or before an incident's reopening is not a new one. Null when the system gives no such time.
/// </param>
/// <param name="UpdatedAt">
/// When anything on the ticket last changed (ServiceNow sys_updated_on; a work note moves it too), for a system that gave
/// no <paramref name="ChangedAt"/>. The watch dates a resolution by it only when it saw the ticket open after the
/// incident's reopening: the resolution is then newer than the reopening, and no older comment can pass for it.
/// </param>
public sealed record ExternalTicketStatus(ExternalTicketState State, string? ProviderStatus, DateTimeOffset? ChangedAt = null, DateTimeOffset? UpdatedAt = null);
