using HelpdeskBot.Tickets.Localization;
using Polly.CircuitBreaker;

namespace HelpdeskBot.Tickets.Outbox;

/// <summary>
/// Why an escalation could not be handed to the ticket system: <see cref="Describe"/> is the English line kept on the
/// outbox row (<see cref="OutboxEntry.LastError"/>) and logged for operators; <see cref="Word"/> is that line in the help
/// desk's language, for the parked escalation's card. The bot's own lines are worded from the catalogue; any other line
/// (a ticket system's refusal, an unexpected exception) is quoted as written after "last error:" — not "answer": not
/// every such line is something the ticket system said.
/// </summary>
public static class OutboxFailure
{
    private const string CircuitOpen = "circuit open: the ticket system failed repeatedly, calls are paused";
    private const string TimedOut = "the ticket system did not answer in time";
    private const string ConnectionFailed = "connection failed: ";

    /// <summary>Kept on the row while the escalation waits for its incident's first ticket.</summary>
    internal const string WaitingForLead = "waiting for the incident's first ticket";

    /// <summary>Error text kept on the row and logged: exception type and message only (both secret-free).</summary>
    public static string Describe(Exception ex) => ex switch
    {
        BrokenCircuitException => CircuitOpen,
        Polly.Timeout.TimeoutRejectedException => TimedOut,
        HttpRequestException h => ConnectionFailed + h.HttpRequestError,
        TicketProviderException p => p.Message,
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    /// <summary>A row's <see cref="OutboxEntry.LastError"/> in the help desk's words.</summary>
    public static string Word(string? lastError, DeskTexts texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return lastError switch
        {
            null or "" => texts.OutboxFailureUnknown,
            CircuitOpen => texts.OutboxCircuitOpen,
            TimedOut => texts.OutboxTimedOut,
            WaitingForLead => texts.OutboxWaitingForLead,
            _ when lastError.StartsWith(ConnectionFailed, StringComparison.Ordinal) => texts.OutboxConnectionFailed(lastError[ConnectionFailed.Length..]),
            _ => texts.OutboxLastError(lastError),
        };
    }
}
