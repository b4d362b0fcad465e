using System.Collections.Frozen;
using HelpdeskBot.Conversations.Understanding;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>A troubleshooting flow loaded from <c>runbooks/*.yaml</c>.</summary>
/// <param name="StatusCodes">HTTP codes this runbook handles.</param>
/// <param name="Problems">Symptoms without a code this runbook handles (unreachable, name-not-resolved, timed-out, unspecified).</param>
/// <param name="AnyServerError">Catch-all for 5xx codes no runbook lists.</param>
public sealed record Runbook(
    string Id,
    string Title,
    string? Summary,
    string SourceFile,
    IReadOnlySet<int> StatusCodes,
    IReadOnlySet<ProblemKind> Problems,
    bool AnyServerError,
    EscalationPolicy Escalation,
    IReadOnlyList<RunbookStep> Steps)
{
    /// <summary>
    /// This runbook with each other language's texts (from <c>&lt;file&gt;.&lt;language&gt;.yaml</c>, English per text
    /// where a language allowed to be partial lacks one); ids, conditions and outcomes are this runbook's own.
    /// </summary>
    public IReadOnlyDictionary<string, Runbook> Translations { get; init; } = FrozenDictionary<string, Runbook>.Empty;

    /// <summary>The runbook in <paramref name="language"/> (a shipped tag), this English one when it has no such texts.</summary>
    public Runbook In(string? language) =>
        language is not null && Translations.TryGetValue(language, out var translated) ? translated : this;

    public RunbookStep? FindStep(string id) => Steps.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));

    public int IndexOf(string id)
    {
        for (var i = 0; i < Steps.Count; i++)
        {
            if (string.Equals(Steps[i].Id, id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The next step to show after <paramref name="afterStepId"/> (null = from the start): the first later step whose
    /// condition holds, that the diagnosis does not rule out (its <c>skipWhen</c>) and that was not answered yet.
    /// </summary>
    public RunbookStep? NextStep(string? afterStepId, RunbookFacts facts)
    {
        var start = afterStepId is null ? 0 : IndexOf(afterStepId) + 1;
        for (var i = Math.Max(0, start); i < Steps.Count; i++)
        {
            var step = Steps[i];
            if (facts.Answers.ContainsKey(step.Id) || step.IsSkipped(facts))
            {
                continue;
            }

            if (step.When is null || step.When.Holds(facts))
            {
                return step;
            }
        }

        return null;
    }
}
