using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>The result of applying one event to a case: the new state, what to record, and follow-up work.</summary>
/// <param name="Escalate">Set when this transition hands the case to the help desk (outbox row in the same transaction).</param>
/// <param name="Probe">The target must be (re-)probed in the background.</param>
internal sealed record Transition(CaseState State, string EventKind, string EventDetail, EscalationReason? Escalate = null, bool Probe = false);
