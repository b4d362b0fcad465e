using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>The loaded runbooks and the rule that picks one for a report.</summary>
public sealed class RunbookCatalog(IReadOnlyList<Runbook> runbooks)
{
    public IReadOnlyList<Runbook> Runbooks { get; } = runbooks;

    public Runbook? Find(string id) => Runbooks.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));

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
