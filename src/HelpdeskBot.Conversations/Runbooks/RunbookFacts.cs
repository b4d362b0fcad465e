using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>What conditions are evaluated against: the report, the diagnosis (null until probed) and earlier answers.</summary>
public sealed record RunbookFacts(
    ReportScope Scope,
    int? ReportedStatusCode,
    VerdictKind? Verdict,
    bool? ServerSideFault,
    int? DiagnosedStatusCode,
    Platform Platform,
    IReadOnlyDictionary<string, string> Answers);
