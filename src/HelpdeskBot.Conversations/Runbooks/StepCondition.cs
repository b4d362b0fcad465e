using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>
/// When a step applies (or when to escalate at once). Every listed key must hold; a list means "any of".
/// Conditions on the diagnosis are false while there is none.
/// </summary>
internal sealed record StepCondition
{
    public IReadOnlySet<ReportScope>? Scope { get; init; }

    public IReadOnlySet<VerdictKind>? Verdict { get; init; }

    public bool? ServerSideFault { get; init; }

    /// <summary>Matches the code the user reported or the one the probes saw.</summary>
    public IReadOnlySet<int>? StatusCode { get; init; }

    public IReadOnlySet<Platform>? Platform { get; init; }

    public IReadOnlySet<ResolverOutcome>? DnsOutcome { get; init; }

    public bool? ResolversDisagree { get; init; }

    public IReadOnlySet<HopRole>? HopRole { get; init; }

    public IReadOnlySet<HopFault>? HopFault { get; init; }

    /// <summary>ALPN ids: "h2", "http/1.1".</summary>
    public IReadOnlySet<string>? Protocol { get; init; }

    /// <summary>Earlier answers: step id → answer ids.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>>? Answers { get; init; }

    public bool Holds(RunbookFacts facts)
    {
        if (Scope is not null && !Scope.Contains(facts.Scope))
        {
            return false;
        }

        if (Verdict is not null && (facts.Verdict is not { } v || !Verdict.Contains(v)))
        {
            return false;
        }

        if (ServerSideFault is { } ssf && (facts.ServerSideFault is not { } actual || actual != ssf))
        {
            return false;
        }

        if (StatusCode is not null && !((facts.ReportedStatusCode is { } r && StatusCode.Contains(r)) || (facts.DiagnosedStatusCode is { } d && StatusCode.Contains(d))))
        {
            return false;
        }

        if (Platform is not null && !Platform.Contains(facts.Platform))
        {
            return false;
        }

        if (!In(DnsOutcome, facts.DnsOutcome) || !In(HopRole, facts.HopRole) || !In(HopFault, facts.HopFault) || !In(Protocol, facts.Protocol))
        {
            return false;
        }

        if (ResolversDisagree is { } rd && (facts.ResolversDisagree is not { } actualRd || actualRd != rd))
        {
            return false;
        }

        if (Answers is not null)
        {
            foreach (var (step, answers) in Answers)
            {
                if (!facts.Answers.TryGetValue(step, out var given) || !answers.Contains(given))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>No condition on the fact, or a value it lists (false while the fact is unknown).</summary>
    private static bool In<T>(IReadOnlySet<T>? allowed, T? actual)
        where T : struct => allowed is null || (actual is { } a && allowed.Contains(a));

    private static bool In(IReadOnlySet<string>? allowed, string? actual) => allowed is null || (actual is not null && allowed.Contains(actual));
}
