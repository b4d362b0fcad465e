using HelpdeskBot.Conversations.Understanding;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>A button on a step card.</summary>
/// <param name="Id">Stable id ("fixed", "still-broken", "cannot", "all-sites"), recorded in the case and the ticket.</param>
/// <param name="Goto">Step to jump to instead of the next applicable one.</param>
/// <param name="SetsScope">Answers of the scope question set the report's scope.</param>
public sealed record StepAnswer(string Id, string Title, AnswerOutcome Outcome, string? Goto = null, ReportScope? SetsScope = null)
{
    public static IReadOnlyList<StepAnswer> Defaults { get; } =
    [
        new("fixed", "That fixed it", AnswerOutcome.Resolved),
        new("still-broken", "Still broken", AnswerOutcome.Next),
        new("cannot", "I can't do this", AnswerOutcome.Next),
    ];
}
