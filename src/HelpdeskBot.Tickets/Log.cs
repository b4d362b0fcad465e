using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Tickets;

/// <summary>Log messages of HelpdeskBot.Tickets (event ids 5000-5099). No credential or message text is ever logged.</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Outbox dispatcher {Owner} started with provider {Provider}")]
    public static partial void DispatcherStarted(ILogger logger, string owner, string provider);

    [LoggerMessage(5001, LogLevel.Error, "Outbox round failed; next round after the poll interval")]
    public static partial void RoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(5002, LogLevel.Information, "Escalation {EscalationId} is ticket {Number} at {Provider} ({AffectedUsers} affected)")]
    public static partial void TicketSent(ILogger logger, string escalationId, string number, string provider, int affectedUsers);

    [LoggerMessage(5003, LogLevel.Information, "Escalation {EscalationId} already has ticket {Number} at the provider; not creating another")]
    public static partial void TicketFound(ILogger logger, string escalationId, string number);

    [LoggerMessage(5004, LogLevel.Information, "Escalation {EscalationId} joined incident {IncidentId} (ticket {Number}, {AffectedUsers} affected)")]
    public static partial void Joined(ILogger logger, string escalationId, string incidentId, string number, int affectedUsers);

    [LoggerMessage(5005, LogLevel.Debug, "Escalation {EscalationId} waits for incident {IncidentId}'s first ticket")]
    public static partial void WaitingForLead(ILogger logger, string escalationId, string incidentId);

    [LoggerMessage(5006, LogLevel.Warning, "Escalation {EscalationId} attempt {Attempt} failed: {Error}; next try at {NextAttemptAt}")]
    public static partial void AttemptFailed(ILogger logger, string escalationId, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(5007, LogLevel.Error, "Escalation {EscalationId} parked after {Attempts} attempts: {Error}")]
    public static partial void Parked(ILogger logger, string escalationId, int attempts, string error);

    [LoggerMessage(5008, LogLevel.Warning, "Escalation {EscalationId}: lease lost to another instance; it finishes the row")]
    public static partial void LeaseLost(ILogger logger, string escalationId);

    [LoggerMessage(5009, LogLevel.Error, "Telling the user about escalation {EscalationId} failed")]
    public static partial void NotifyFailed(ILogger logger, Exception exception, string escalationId);

    [LoggerMessage(5010, LogLevel.Information, "Ticket {Number} for escalation {EscalationId} ({AffectedUsers} affected); no notifier registered, so only logged")]
    public static partial void NotifyTicketCreated(ILogger logger, string escalationId, string number, int affectedUsers);

    [LoggerMessage(5011, LogLevel.Warning, "Escalation {EscalationId} parked ({Reason}); no notifier registered, so only logged")]
    public static partial void NotifyParked(ILogger logger, string escalationId, string reason);

    [LoggerMessage(5013, LogLevel.Debug, "{Provider} {Method} {Path} answered {StatusCode} in {ElapsedMs:0} ms")]
    public static partial void HttpCall(ILogger logger, string provider, string method, string path, int statusCode, double elapsedMs);

    [LoggerMessage(5014, LogLevel.Debug, "{Provider} {Method} {Path} failed ({Error}) after {ElapsedMs:0} ms")]
    public static partial void HttpCallFailed(ILogger logger, string provider, string method, string path, string error, double elapsedMs);

    [LoggerMessage(5050, LogLevel.Warning, "Ticket {Number} at {Provider} could not be read back ({Reason}); its state is unknown this round")]
    public static partial void TicketStatusUnreadable(ILogger logger, string provider, string number, string reason);

    [LoggerMessage(5051, LogLevel.Warning, "Webhook status callback refused: {Reason}")]
    public static partial void CallbackRefused(ILogger logger, string reason);

    [LoggerMessage(5052, LogLevel.Information, "Webhook status callback for escalation {EscalationId} (incident {IncidentId}): status {Status}, {Outcome}")]
    public static partial void CallbackApplied(ILogger logger, string escalationId, string incidentId, string status, string outcome);

    [LoggerMessage(5012, LogLevel.Information, "Outbox dispatcher {Owner} stopped")]
    public static partial void DispatcherStopped(ILogger logger, string owner);
}
