namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>One troubleshooting step.</summary>
/// <param name="Id">Stable id within the runbook.</param>
/// <param name="Instructions">Text per platform; <see cref="Platform.Unknown"/> holds the default.</param>
/// <param name="When">Null = always applies.</param>
/// <remarks><see cref="SkipWhen"/>: the step is skipped when any of these holds — the facts of the diagnosis that make it
/// pointless (a server-side fault makes "reload without the cache" pointless).</remarks>
public sealed record RunbookStep(
    string Id,
    string Title,
    IReadOnlyDictionary<Platform, string> Instructions,
    IReadOnlyList<StepAnswer> Answers,
    StepCondition? When,
    int Line)
{
    public IReadOnlyList<StepCondition> SkipWhen { get; init; } = [];

    /// <summary>The step lists no answers and offers <see cref="StepAnswer.Defaults"/> (worded by the text catalogue in each language).</summary>
    public bool HasDefaultAnswers { get; init; }

    /// <summary>Whether the facts make the step pointless.</summary>
    public bool IsSkipped(RunbookFacts facts) => SkipWhen.Any(c => c.Holds(facts));

    /// <summary>Whether the instructions differ per platform (then the card offers a platform picker).</summary>
    public bool IsPlatformSpecific => Instructions.Keys.Any(k => k != Platform.Unknown);

    /// <summary>The instructions for <paramref name="platform"/>, else the default, else all platforms' texts.</summary>
    public string InstructionsFor(Platform platform)
    {
        if (Instructions.TryGetValue(platform, out var text) || Instructions.TryGetValue(Platform.Unknown, out text))
        {
            return text;
        }

        return string.Join("\n\n", Instructions.Select(kv => $"**{PlatformNames.Display(kv.Key)}:** {kv.Value}"));
    }
}
