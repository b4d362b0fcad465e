using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Understanding;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>A button on a step card.</summary>
/// <param name="Id">Stable id ("fixed", "still-broken", "cannot", "all-sites"), recorded in the case and the ticket.</param>
/// <param name="Goto">Step to jump to instead of the next applicable one.</param>
/// <param name="SetsScope">Answers of the scope question set the report's scope.</param>
public sealed record StepAnswer(string Id, string Title, AnswerOutcome Outcome, string? Goto = null, ReportScope? SetsScope = null)
{
    /// <summary>The answers of a step that lists none, worded in English (each language's copy takes <see cref="DefaultTitle"/>).</summary>
    public static IReadOnlyList<StepAnswer> Defaults { get; } =
    [
        new("fixed", UserTexts.English.AnswerFixed, AnswerOutcome.Resolved),
        new("still-broken", UserTexts.English.AnswerStillBroken, AnswerOutcome.Next),
        new("cannot", UserTexts.English.AnswerCannot, AnswerOutcome.Next),
    ];

    /// <summary>A default answer's title in the language of <paramref name="texts"/>; null for another id.</summary>
    public static string? DefaultTitle(string id, UserTexts texts) => id switch
    {
        "fixed" => texts.AnswerFixed,
        "still-broken" => texts.AnswerStillBroken,
        "cannot" => texts.AnswerCannot,
        _ => null,
    };
}
