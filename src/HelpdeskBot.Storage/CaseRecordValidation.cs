using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Storage;

/// <summary>Argument checks shared by both engines' case stores: a bad call is a bug, told plainly.</summary>
internal static class CaseRecordValidation
{
    public static void ForInsert(CaseRecord record, CaseEvent firstEvent)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(firstEvent);
        ArgumentException.ThrowIfNullOrEmpty(record.CaseId);
        if (record.Version != 1)
        {
            throw new ArgumentException($"A new case starts at Version 1, not {record.Version}.", nameof(record));
        }

        SameCase(record, firstEvent);
    }

    public static void ForUpdate(CaseRecord updated, long expectedVersion, CaseEvent auditEvent, EscalationRequest? escalation)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (updated.Version != expectedVersion + 1)
        {
            throw new ArgumentException($"The updated case must have Version {expectedVersion + 1} (expected version + 1), not {updated.Version}.", nameof(updated));
        }

        SameCase(updated, auditEvent);
        if (escalation is not null && !string.Equals(escalation.CaseId, updated.CaseId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The escalation belongs to case '{escalation.CaseId}', not '{updated.CaseId}'.", nameof(escalation));
        }
    }

    private static void SameCase(CaseRecord record, CaseEvent caseEvent)
    {
        if (!string.Equals(record.CaseId, caseEvent.CaseId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The event belongs to case '{caseEvent.CaseId}', not '{record.CaseId}'.", nameof(caseEvent));
        }
    }
}
