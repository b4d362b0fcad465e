using System.Collections.Frozen;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>The loaded runbooks and the rule that picks one for a report.</summary>
public sealed class RunbookCatalog(IReadOnlyList<Runbook> runbooks)
{
    private readonly FrozenDictionary<string, Runbook> _byId = runbooks.DistinctBy(r => r.Id, StringComparer.Ordinal).ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);

    /// <summary>The runbooks in English (their <see cref="Runbook.Translations"/> hold the other languages).</summary>
    public IReadOnlyList<Runbook> Runbooks { get; } = runbooks;

    /// <summary>
    /// Reads <c>Runbooks:Path</c> once, with every language's texts; each text a language allowed to be partial lacks
    /// is logged here, once, and shows in English.
    /// </summary>
    public static RunbookCatalog Load(RunbooksOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fallbacks = new List<RunbookFallback>();
        var catalog = new RunbookCatalog(RunbookLoader.LoadDirectory(ConversationsOptions.Resolve(options.Path), options.RequiredLanguages, fallbacks));
        foreach (var fallback in fallbacks)
        {
            Log.RunbookTextsInEnglish(logger, fallback.File, Languages.EnglishName(fallback.Language), fallback.Language, string.Join("; ", fallback.Missing));
        }

        return catalog;
    }

    public Runbook? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The runbook with its texts in <paramref name="language"/>: two dictionary reads, so a card costs no more in German.</summary>
    public Runbook? Find(string id, string? language) => Find(id)?.In(language);

    /// <summary>
    /// The code the user reported wins (they saw it); else the symptom; else what the probes saw; else the
    /// runbook for unspecified problems.
    /// </summary>
    public Runbook? Select(ProblemKind problem, int? reportedCode, Diagnosis? diagnosis)
    {
        if (ByCode(reportedCode) is { } byReported)
        {
            return byReported;
        }

        if (problem is not (ProblemKind.None or ProblemKind.Unspecified or ProblemKind.HttpStatus) && ByProblem(problem) is { } byProblem)
        {
            return byProblem;
        }

        if (diagnosis is not null)
        {
            var seen = diagnosis.Verdict.StatusCode;
            if (seen is >= 500 && ByCode(seen) is { } byDiagnosed)
            {
                return byDiagnosed;
            }

            var fromVerdict = diagnosis.Verdict.Kind switch
            {
                VerdictKind.DnsFailure or VerdictKind.ResolversDisagree => ByProblem(ProblemKind.NameNotResolved),
                VerdictKind.GatewayUnreachable or VerdictKind.TlsProblem => ByProblem(ProblemKind.Unreachable),
                _ => null,
            };
            if (fromVerdict is not null)
            {
                return fromVerdict;
            }
        }

        return ByProblem(ProblemKind.Unspecified) ?? ByProblem(ProblemKind.Unreachable);
    }

    private Runbook? ByCode(int? code)
    {
        if (code is not { } c)
        {
            return null;
        }

        return Runbooks.FirstOrDefault(r => r.StatusCodes.Contains(c))
            ?? (c is >= 500 and <= 599 ? Runbooks.FirstOrDefault(r => r.AnyServerError) : null);
    }

    private Runbook? ByProblem(ProblemKind problem) => Runbooks.FirstOrDefault(r => r.Problems.Contains(problem));
}
