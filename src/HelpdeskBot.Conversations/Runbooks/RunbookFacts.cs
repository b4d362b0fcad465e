using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>What conditions are evaluated against: the report, the diagnosis (null until probed) and earlier answers.</summary>
internal sealed record RunbookFacts(
    ReportScope Scope,
    int? ReportedStatusCode,
    VerdictKind? Verdict,
    bool? ServerSideFault,
    int? DiagnosedStatusCode,
    Platform Platform,
    IReadOnlyDictionary<string, string> Answers)
{
    /// <summary>What every resolver agreed on when the name did not resolve (nxdomain, nodata, servfail).</summary>
    public ResolverOutcome? DnsOutcome { get; init; }

    /// <summary>Resolvers gave different answers (null until probed).</summary>
    public bool? ResolversDisagree { get; init; }

    /// <summary>The kind of hop that produced the error, and what its error says about the fault.</summary>
    public HopRole? HopRole { get; init; }

    public HopFault? HopFault { get; init; }

    /// <summary>"h2" or "http/1.1", as the probes spoke it.</summary>
    public string? Protocol { get; init; }

    /// <summary>The facts of a case: its report, answers and (when probed) the verdict.</summary>
    public static RunbookFacts Of(ReportScope scope, int? reportedStatusCode, Verdict? verdict, Platform platform, IReadOnlyDictionary<string, string> answers) =>
        new(scope, reportedStatusCode, verdict?.Kind, verdict?.ServerSideFault, verdict?.StatusCode, platform, answers)
        {
            DnsOutcome = verdict?.DnsOutcome,
            ResolversDisagree = verdict?.ResolversDisagree,
            HopRole = verdict?.AnsweredBy?.Role,
            HopFault = verdict is null ? null : verdict.AnsweredBy?.Fault ?? Probes.Diagnosis.HopFault.None,
            Protocol = verdict?.Protocol,
        };
}
