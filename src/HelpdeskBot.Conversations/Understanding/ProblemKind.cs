namespace HelpdeskBot.Conversations.Understanding;

/// <summary>The symptom the user describes; selects the runbook together with the status code.</summary>
internal enum ProblemKind
{
    None,
    /// <summary>An HTTP status the user saw (see <see cref="MessageUnderstanding.StatusCode"/>).</summary>
    HttpStatus,
    /// <summary>"This site can't be reached", connection refused/reset.</summary>
    Unreachable,
    /// <summary>DNS_PROBE_FINISHED_NXDOMAIN, ERR_NAME_NOT_RESOLVED, "server IP address could not be found".</summary>
    NameNotResolved,
    /// <summary>ERR_CONNECTION_TIMED_OUT, "took too long to respond".</summary>
    TimedOut,
    /// <summary>"X is down", "X isn't loading": a problem without a symptom; the diagnosis picks the runbook.</summary>
    Unspecified,
}
