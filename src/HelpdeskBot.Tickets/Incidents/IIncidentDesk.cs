namespace HelpdeskBot.Tickets.Incidents;

/// <summary>
/// What the help desk does with an incident, wherever it acts: the incident card in the help-desk channel, the
/// web pages, the admin API, and the ticket systems that report a resolution (read back or by callback).
/// Resolving notifies every reporter exactly once; stale and double requests are safe, also across instances.
/// </summary>
/// <remarks>CONTRACT: implemented by Conversations, called by the executable's pages/APIs and by Tickets.</remarks>
public interface IIncidentDesk
{
    /// <summary>Assigns the incident to <paramref name="agent"/>.</summary>
    Task<IncidentActionResult> TakeAsync(string incidentId, HelpdeskAgent agent, CancellationToken cancellationToken);

    /// <summary>Runs a fresh probe of the incident's target; the result is shown on the incident card.</summary>
    Task<IncidentActionResult> CheckNowAsync(string incidentId, HelpdeskAgent agent, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="note"/> as a comment on the incident's ticket through its provider.</summary>
    Task<IncidentActionResult> AddNoteAsync(string incidentId, HelpdeskAgent agent, string note, CancellationToken cancellationToken);

    /// <summary>
    /// Resolves the incident and tells every reporter. Without <paramref name="force"/> the target is re-checked
    /// first; when it still fails nothing changes and the result is <see cref="IncidentActionOutcome.StillFailing"/>.
    /// </summary>
    Task<IncidentActionResult> ResolveAsync(string incidentId, HelpdeskAgent agent, bool force, CancellationToken cancellationToken);

    Task<IncidentActionResult> ReopenAsync(string incidentId, HelpdeskAgent agent, CancellationToken cancellationToken);

    /// <summary>
    /// The incident's ticket was resolved in its ticket system (<paramref name="source"/>: provider name or <c>webhook</c>).
    /// With <paramref name="changedAt"/> (when the ticket system says the change happened, e.g. a signed callback's
    /// timestamp), a change from before the incident's latest reopening changes nothing: it is a replay, or old news.
    /// </summary>
    Task<IncidentActionResult> ResolvedInTicketSystemAsync(string incidentId, string source, DateTimeOffset? changedAt, CancellationToken cancellationToken);
}

/// <summary>Who acts: a help-desk agent in Teams (AAD object id), a web or API user (admin key or Entra subject).</summary>
/// <param name="Via">Where the action came from: <c>teams</c>, <c>web</c>, <c>api</c>.</param>
public sealed record HelpdeskAgent(string Id, string Name, string Via);

public enum IncidentActionOutcome
{
    /// <summary>The action was applied.</summary>
    Done,

    /// <summary>Nothing to do: the incident is already in the requested state (a double or stale click).</summary>
    Unchanged,

    /// <summary>Resolve without force: the re-check still fails, nothing changed.</summary>
    StillFailing,

    NotFound,
}

/// <param name="Detail">For the reader of the action's answer: what happened, or the evidence of <see cref="IncidentActionOutcome.StillFailing"/>.</param>
public sealed record IncidentActionResult(IncidentActionOutcome Outcome, string? Detail = null)
{
    /// <summary>
    /// <see cref="IncidentActionOutcome.Unchanged"/> because the incident was reopened at this time, after the status
    /// change it was asked to apply (a fact: each caller words it for its reader).
    /// </summary>
    public DateTimeOffset? ReopenedAt { get; init; }
}
