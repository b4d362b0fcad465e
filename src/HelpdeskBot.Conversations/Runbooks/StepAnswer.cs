using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Understanding;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>A button on a step card.</summary>
/// <param name="Id">Stable id ("fixed", "still-broken", "cannot", "all-sites"), recorded in the case and the ticket.</param>
/// <param name="Goto">Step to jump to instead of the next applicable one.</param>
/// <param name="SetsScope">Answers of the scope question set the report's scope.</param>
internal sealed record StepAnswer(string Id, string Title, AnswerOutcome Outcome, string? Goto = null, ReportScope? SetsScope = null)
{
    // The default answers, each id with its outcome and its title in a catalogue: the one place they are paired.
    private static readonly (string Id, AnswerOutcome Outcome, Func<UserTexts, string> Title)[] Known =
    [
        ("fixed", AnswerOutcome.Resolved, t => t.AnswerFixed),
        ("still-broken", AnswerOutcome.Next, t => t.AnswerStillBroken),
        ("cannot", AnswerOutcome.Next, t => t.AnswerCannot),
    ];

    /// <summary>The answers of a step that lists none, worded in English (each language's copy takes <see cref="DefaultTitle"/>).</summary>
    public static IReadOnlyList<StepAnswer> Defaults { get; } = [.. Known.Select(k => new StepAnswer(k.Id, k.Title(UserTexts.English), k.Outcome))];

    /// <summary>A default answer's title in the language of <paramref name="texts"/>; null for another id.</summary>
    public static string? DefaultTitle(string id, UserTexts texts)
    {
        foreach (var (known, _, title) in Known)
        {
            if (known == id)
            {
                return title(texts);
            }
        }

        return null;
    }
}
