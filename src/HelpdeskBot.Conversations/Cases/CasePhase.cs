namespace HelpdeskBot.Conversations.Cases;

/// <summary>Where a case stands; the card shown is a function of the phase and the state.</summary>
internal enum CasePhase
{
    AwaitingTarget,
    Diagnosing,
    OnStep,
    Escalated,
    Resolved,
    Abandoned,
    Cancelled,
}
