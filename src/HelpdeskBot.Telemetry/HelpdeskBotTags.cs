using System.Diagnostics;

namespace HelpdeskBot.Telemetry;

/// <summary>
/// Span tag names that correlate a Teams activity, through the probes and the case, to the ticket. The trace id
/// joins the spans of one turn; these tags join a turn to the (later, separate) outbox dispatch: the turn span
/// carries the Teams activity id and the case id, the dispatch span the case id, escalation id and ticket number.
/// </summary>
public static class HelpdeskBotTags
{
    public const string TeamsActivityId = "helpdeskbot.teams.activity_id";
    public const string TeamsConversationId = "helpdeskbot.teams.conversation_id";
    public const string ActivityType = "helpdeskbot.teams.activity_type";
    public const string CaseId = "helpdeskbot.case_id";
    public const string EscalationId = "helpdeskbot.escalation_id";
    public const string TicketNumber = "helpdeskbot.ticket.number";
    public const string TicketProvider = "helpdeskbot.ticket.provider";
    public const string Verdict = "helpdeskbot.verdict";

    /// <summary>
    /// Tags the current span and every span above it in this process that belongs to HelpdeskBot with
    /// <paramref name="key"/>, so a case id learnt deep in the conversation is also on the turn's root span.
    /// </summary>
    public static void TagUpwards(string key, string? value)
    {
        for (var a = Activity.Current; a is not null; a = a.Parent)
        {
            if (a.Source == HelpdeskBotTelemetry.ActivitySource)
            {
                a.SetTag(key, value);
            }
        }
    }
}
