using System.Collections.Concurrent;
using HelpdeskBot.Tickets.Incidents;

namespace HelpdeskBot.Tests.Tickets;

/// <summary>
/// An <see cref="IIncidentDesk"/> that records what it was asked: the host's pages and callbacks are tested against
/// it, the real desk (Conversations) by its own tests. A second resolve of the same incident is Unchanged, as the
/// contract says for double or stale requests.
/// </summary>
public sealed class RecordingIncidentDesk : IIncidentDesk
{
    private readonly ConcurrentDictionary<string, bool> _resolved = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>When set, a resolve without force finds the target still failing with this evidence.</summary>
    public string? StillFailingEvidence { get; set; }

    public Task<IncidentActionResult> TakeAsync(string incidentId, HelpdeskAgent agent, CancellationToken cancellationToken)
        => Record($"take {incidentId} by {agent.Name} via {agent.Via}");

    public Task<IncidentActionResult> CheckNowAsync(string incidentId, HelpdeskAgent agent, CancellationToken cancellationToken)
        => Record($"check {incidentId} by {agent.Name} via {agent.Via}");

    public Task<IncidentActionResult> AddNoteAsync(string incidentId, HelpdeskAgent agent, string note, CancellationToken cancellationToken)
        => Record($"note {incidentId} by {agent.Name} via {agent.Via}: {note}");

    public Task<IncidentActionResult> ResolveAsync(string incidentId, HelpdeskAgent agent, bool force, CancellationToken cancellationToken)
    {
        var call = $"resolve {incidentId} by {agent.Name} via {agent.Via}{(force ? " (forced)" : string.Empty)}";
        if (!force && StillFailingEvidence is { } evidence)
        {
            Calls.Enqueue(call);
            return Task.FromResult(new IncidentActionResult(IncidentActionOutcome.StillFailing, evidence));
        }

        return Resolve(incidentId, call);
    }

    public Task<IncidentActionResult> ReopenAsync(string incidentId, HelpdeskAgent agent, CancellationToken cancellationToken)
    {
        _resolved.TryRemove(incidentId, out _);
        return Record($"reopen {incidentId} by {agent.Name} via {agent.Via}");
    }

    public Task<IncidentActionResult> ResolvedInTicketSystemAsync(string incidentId, string source, DateTimeOffset? changedAt, CancellationToken cancellationToken)
        => Resolve(incidentId, $"resolved-in-ticket-system {incidentId} from {source} at {changedAt?.UtcDateTime:yyyy-MM-dd HH:mm:ss}");

    private Task<IncidentActionResult> Resolve(string incidentId, string call)
    {
        Calls.Enqueue(call);
        return Task.FromResult(new IncidentActionResult(_resolved.TryAdd(incidentId, true) ? IncidentActionOutcome.Done : IncidentActionOutcome.Unchanged));
    }

    private Task<IncidentActionResult> Record(string call)
    {
        Calls.Enqueue(call);
        return Task.FromResult(new IncidentActionResult(IncidentActionOutcome.Done));
    }
}
