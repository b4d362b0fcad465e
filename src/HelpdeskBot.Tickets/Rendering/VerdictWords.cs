using System.Globalization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>
/// A verdict worded for the help desk, in its language (<c>Tickets:Language</c>): what the probes saw and whose side
/// the fault is on, about "the user". The user's own card words the same facts in the second person and the user's
/// language (Conversations), the `probe` command in English for an operator.
/// </summary>
public static class VerdictWords
{
    public static string ForHelpDesk(Diagnosis diagnosis, DeskTexts t)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(t);
        var v = diagnosis.Verdict;
        var host = diagnosis.Target.Host;
        var attempts = t.VerdictAttempts(t.Number(v.FailedAttempts), t.Number(v.TotalAttempts));
        var text = v.Kind switch
        {
            VerdictKind.Healthy => t.VerdictHealthy(host, Status(v.StatusCode, t), t.Number(v.TotalAttempts)),
            VerdictKind.UpstreamFailing or VerdictKind.GatewayFault when v.AnsweredBy is { } hop =>
                t.VerdictInFront(Status(v.StatusCode, t), HopWords.Name(hop, t.Catalogue), host, HopWords.Meaning(hop, v.StatusCode, t.Catalogue), attempts, Chain(v, t)),
            VerdictKind.OriginError when v.AnsweredBy is { } hop => t.VerdictAt(Status(v.StatusCode, t), HopWords.Name(hop, t.Catalogue), host, HopWords.Meaning(hop, v.StatusCode, t.Catalogue), attempts, Chain(v, t)),
            VerdictKind.OriginError when v.StatusCode is null => t.VerdictNoProperAnswer(host, FailureWords.Word(v.Failure, v.Detail, t.Catalogue, t.NoAnswer), attempts),
            VerdictKind.OriginError or VerdictKind.UpstreamFailing or VerdictKind.GatewayFault => t.VerdictServerError(host, Status(v.StatusCode, t), attempts),
            VerdictKind.GatewayUnreachable => t.VerdictUnreachable(host, diagnosis.Target.Port.ToString(CultureInfo.InvariantCulture), FindingWords.Outcomes(v.ConnectOutcomes, t.Catalogue), attempts),
            VerdictKind.DnsFailure => Dns(v, host, t),
            VerdictKind.ResolversDisagree => t.VerdictResolversDisagree(host),
            VerdictKind.TlsProblem => Tls(diagnosis, t),
            VerdictKind.Intermittent => t.VerdictIntermittent(
                host,
                t.Number(v.FailedAttempts),
                t.Number(v.TotalAttempts),
                (v.StatusCode is null ? FailureWords.Word(v.Failure, v.Detail, t.Catalogue, t.NoAnswer) : Status(v.StatusCode, t)) + (v.AnsweredBy is { } h ? t.VerdictFromHop(HopWords.Name(h, t.Catalogue)) : string.Empty)),
            VerdictKind.ProxyProblem => t.VerdictProxy(host, v.ProxyName ?? "?", t.Number(v.FailedAttempts), t.Number(v.TotalAttempts)),
            VerdictKind.BotNetworkProblem => t.VerdictBotNetwork(t.Number(diagnosis.Control?.Reachable ?? 0), t.Number(diagnosis.Control?.Total ?? 0), host),
            VerdictKind.Refused => FindingWords.Refusal(diagnosis, t.Catalogue) ?? (v.Detail is { } why ? t.VerdictRefused(host, why) : t.VerdictNotProbed(host)),
            _ => t.VerdictOther(host, t.VerdictName(v.Kind)),
        };
        return v.ProtocolSplit is { } split
            ? text + t.VerdictProtocolSplit(HopWords.Protocol(split.Failing), FailureWords.SplitResult(split, t.Catalogue), HopWords.Protocol(split.Working))
            : text;
    }

    private static string Dns(Verdict v, string host, DeskTexts t) => v.DnsOutcome switch
    {
        ResolverOutcome.Nxdomain => t.DnsNxdomain(host),
        ResolverOutcome.Nodata => t.DnsNodata(host),
        ResolverOutcome.Servfail => t.DnsServfail(host),
        _ => t.DnsOther(host),
    };

    private static string Tls(Diagnosis d, DeskTexts t)
    {
        var host = d.Target.Host;
        return (d.Verdict.TlsIssue, d.Tls) switch
        {
            (TlsIssue.Expired, { } tls) => t.TlsExpired(host, t.DaysAgo(-(tls.DaysToExpiry ?? 0)), tls.NotAfter?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?"),
            (TlsIssue.NameMismatch, { } tls) => t.TlsNameMismatch(host, string.Join(", ", tls.SubjectAlternativeNames.DefaultIfEmpty(tls.Subject ?? "?"))),
            (TlsIssue.Untrusted, { } tls) => t.TlsUntrusted(host, FailureWords.Chain(tls, t.Catalogue)),
            _ => t.TlsOther(host, FailureWords.Word(d.Verdict.Failure ?? d.Tls?.Failure, d.Verdict.Detail ?? d.Tls?.Error, t.Catalogue)),
        };
    }

    private static string Chain(Verdict v, DeskTexts t) =>
        HopWords.Chain(v, t.Catalogue) is { } chain && HopWords.Position(v, t.Catalogue) is { } position ? t.VerdictChain(position, chain) : string.Empty;

    private static string Status(int? status, DeskTexts t) => status?.ToString(CultureInfo.InvariantCulture) ?? t.NoStatus;
}
