using System.Collections;

namespace HelpdeskBot.Tickets.Escalations;

/// <summary>
/// Log scope for work that runs after the Teams request ended (background probes, outbox dispatch): the case id and,
/// when known, the escalation id, so those log lines are found by the same ids as the spans and the ticket. The trace
/// id is added by the logging infrastructure itself (ActivityTrackingOptions) from the current span.
/// </summary>
public sealed class CorrelationLogScope(string caseId, string? escalationId = null) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => escalationId is null ? 1 : 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("CaseId", caseId),
        1 when escalationId is not null => new("EscalationId", escalationId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => escalationId is null ? $"CaseId:{caseId}" : $"CaseId:{caseId} EscalationId:{escalationId}";
}
