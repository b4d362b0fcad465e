namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>Writes desk states against their version, re-reading and re-applying when another writer won.</summary>
internal sealed class DeskStates(IHelpdeskStore store)
{
    public const int MaxConflictRetries = 8;

    /// <summary>
    /// Applies <paramref name="change"/> until the write wins (clicks on two instances, the watch). Returns the state
    /// as read before and the state written, or null when <paramref name="change"/> declined (nothing to do).
    /// </summary>
    public async Task<(DeskIncident Before, IncidentDeskState After)?> UpdateAsync(string incidentId, Func<DeskIncident, DeskUpdate?> change, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            if (await store.GetAsync(incidentId, ct).ConfigureAwait(false) is not { Desk: not null } found || change(found) is not { } update)
            {
                return null;
            }

            if (await store.TryUpdateAsync(incidentId, found.Version, update, ct).ConfigureAwait(false))
            {
                return (found, update.Desk);
            }
        }

        throw new InvalidOperationException($"Incident {incidentId}: the desk state kept changing under {MaxConflictRetries} attempts.");
    }

    /// <summary>An update of the desk state alone, keeping the incident's flags and schedule (a resolved incident is not watched).</summary>
    public static DeskUpdate Keep(DeskIncident found, IncidentDeskState desk, DateTimeOffset? nextWatchAt = null) =>
        new(desk, found.Incident.Closed, desk.Status == DeskStatus.Resolved ? null : nextWatchAt ?? found.NextWatchAt, found.NotifyPending);
}
