namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>What an answer to a step does.</summary>
internal enum AnswerOutcome
{
    /// <summary>Go on with the next applicable step (or the answer's goto).</summary>
    Next,
    /// <summary>The problem is fixed: close the case as resolved.</summary>
    Resolved,
    /// <summary>Hand over to the help desk at once.</summary>
    Escalate,
}
