using System.Globalization;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.Conversations.Cards;

/// <summary>
/// A verdict worded for the person who reported the problem, in the second person ("your browser") and in their
/// language. The help desk's ticket words the same facts about "the user" (<see cref="VerdictWords"/>); no text here
/// speaks of the user.
/// </summary>
internal static class VerdictText
{
    public static string ForUser(Diagnosis diagnosis) => ForUser(diagnosis, UserTexts.English);

    public static string ForUser(Diagnosis diagnosis, UserTexts t)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(t);
        var v = diagnosis.Verdict;
        var host = diagnosis.Target.Host;
        var requests = t.VerdictRequests(t.Number(v.FailedAttempts), t.Number(v.TotalAttempts));
        var text = v.Kind switch
        {
            VerdictKind.Healthy => t.VerdictHealthy(host),
            VerdictKind.UpstreamFailing when v.AnsweredBy is { } hop => t.VerdictUpstreamFailing(Status(v.StatusCode, t), HopWords.Name(hop, t.Catalogue), host, HopWords.Meaning(hop, v.StatusCode, t.Catalogue), Chain(v, t)),
            VerdictKind.GatewayFault when v.AnsweredBy is { } hop => t.VerdictGatewayFault(Status(v.StatusCode, t), HopWords.Name(hop, t.Catalogue), host, HopWords.Meaning(hop, v.StatusCode, t.Catalogue), Chain(v, t)),
            VerdictKind.OriginError when v.AnsweredBy is { } hop => t.VerdictOriginErrorHop(host, Status(v.StatusCode, t), HopWords.Name(hop, t.Catalogue), HopWords.Meaning(hop, v.StatusCode, t.Catalogue), Chain(v, t)),
            VerdictKind.OriginError when v.StatusCode is null => t.VerdictOriginNoAnswer(host, FailureWords.Word(v.Failure, v.Detail, t.Catalogue, t.NoAnswer)),
            VerdictKind.OriginError or VerdictKind.UpstreamFailing or VerdictKind.GatewayFault => t.VerdictServerError(host, Status(v.StatusCode, t)),
            VerdictKind.GatewayUnreachable => t.VerdictUnreachable(host, FindingWords.Outcomes(v.ConnectOutcomes, t.Catalogue)),
            VerdictKind.DnsFailure => Dns(v, host, t),
            VerdictKind.ResolversDisagree => t.VerdictResolversDisagree(host),
            VerdictKind.TlsProblem => Tls(diagnosis, t),
            VerdictKind.Intermittent => t.VerdictIntermittent(host, requests, v.StatusCode is null ? FailureWords.Word(v.Failure, v.Detail, t.Catalogue, t.NoAnswer) : Status(v.StatusCode, t), v.AnsweredBy is { } h ? t.VerdictFromHop(HopWords.Name(h, t.Catalogue)) : string.Empty),
            VerdictKind.ProxyProblem => t.VerdictProxy(host, requests),
            VerdictKind.BotNetworkProblem => t.VerdictBotNetwork(t.Number(diagnosis.Control?.Reachable ?? 0), t.Number(diagnosis.Control?.Total ?? 0), host),
            // The reason worded from the refusal's facts; a refusal stored before they existed keeps the probes' English sentence.
            VerdictKind.Refused => $"{t.VerdictRefused} {FindingWords.Refusal(diagnosis, t.Catalogue) ?? v.Detail}".TrimEnd(),
            _ => t.VerdictOther(host, t.VerdictName(v.Kind)),
        };
        return v.ProtocolSplit is { } split
            ? text + t.VerdictProtocolSplit(HopWords.Protocol(split.Failing), FailureWords.SplitResult(split, t.Catalogue), HopWords.Protocol(split.Working))
            : text;
    }

    private static string Dns(Verdict v, string host, UserTexts t) => v.DnsOutcome switch
    {
        ResolverOutcome.Nxdomain => t.DnsNxdomain(host),
        ResolverOutcome.Nodata => t.DnsNodata(host),
        ResolverOutcome.Servfail => t.DnsServfail(host),
        _ => t.DnsOther(host),
    };

    private static string Tls(Diagnosis d, UserTexts t)
    {
        var host = d.Target.Host;
        return (d.Verdict.TlsIssue, d.Tls) switch
        {
            (TlsIssue.Expired, { } tls) => t.TlsExpired(host, t.Days(-(tls.DaysToExpiry ?? 0))),
            (TlsIssue.NameMismatch, { } tls) => t.TlsNameMismatch(host, string.Join(", ", tls.SubjectAlternativeNames.DefaultIfEmpty(tls.Subject ?? "?").Take(3))),
            (TlsIssue.Untrusted, { } tls) => t.TlsUntrusted(host, FailureWords.Chain(tls, t.Catalogue)),
            _ => t.TlsOther(host, FailureWords.Word(d.Verdict.Failure ?? d.Tls?.Failure, d.Verdict.Detail ?? d.Tls?.Error, t.Catalogue, t.EvidenceFailed)),
        };
    }

    private static string Chain(Verdict v, UserTexts t) =>
        HopWords.Chain(v, t.Catalogue) is { } chain && HopWords.Position(v, t.Catalogue) is { } position ? t.VerdictChain(t.Number(v.Chain.Count), chain, position) : string.Empty;

    private static string Status(int? status, UserTexts t) => status?.ToString(CultureInfo.InvariantCulture) ?? t.NoStatus;
}
