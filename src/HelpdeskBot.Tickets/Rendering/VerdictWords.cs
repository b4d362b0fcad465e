using System.Globalization;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>
/// A verdict worded for the help desk: what the probes saw and whose side the fault is on, about "the user".
/// The user's own card words the same facts in the second person (Conversations), the `probe` command for an operator.
/// </summary>
public static class VerdictWords
{
    public static string ForHelpDesk(Diagnosis diagnosis)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        var v = diagnosis.Verdict;
        var host = diagnosis.Target.Host;
        var attempts = $"({Count(v.FailedAttempts)} of {Count(v.TotalAttempts)} attempts)";
        var text = v.Kind switch
        {
            VerdictKind.Healthy => $"{host} works from the bot's servers ({Status(v.StatusCode)} on {Count(v.TotalAttempts)} of {Count(v.TotalAttempts)} attempts): the problem is likely on the user's side (browser, network or proxy).",
            VerdictKind.UpstreamFailing or VerdictKind.GatewayFault when v.AnsweredBy is { } hop =>
                $"{Status(v.StatusCode)} from {HopWords.Name(hop)} in front of {host}: {HopWords.Meaning(hop, v.StatusCode)} {attempts}.{Chain(v)}",
            VerdictKind.OriginError when v.AnsweredBy is { } hop => $"{Status(v.StatusCode)} from {HopWords.Name(hop)} at {host}: {HopWords.Meaning(hop, v.StatusCode)} {attempts}.{Chain(v)}",
            VerdictKind.OriginError when v.StatusCode is null => $"{host} accepts connections but sends no proper answer ({v.Detail}) {attempts}.",
            VerdictKind.OriginError or VerdictKind.UpstreamFailing or VerdictKind.GatewayFault => $"{host} answers {Status(v.StatusCode)}: the server itself reports an error {attempts}.",
            VerdictKind.GatewayUnreachable => $"Nothing answers at {host} port {diagnosis.Target.Port.ToString(CultureInfo.InvariantCulture)} ({string.Join(", ", v.ConnectOutcomes.Select(WireNames.Of))}) {attempts}: the server or the first hop in front of it is down or unreachable.",
            VerdictKind.DnsFailure => Dns(v, host),
            VerdictKind.ResolversDisagree => $"{host} works from the bot's servers, but DNS resolvers give different answers for it: users on some resolvers may not reach it.",
            VerdictKind.TlsProblem => Tls(diagnosis),
            VerdictKind.Intermittent => $"{host} fails intermittently: {Count(v.FailedAttempts)} of {Count(v.TotalAttempts)} attempts failed ({(v.StatusCode is null ? v.Detail ?? "no answer" : Status(v.StatusCode))}{(v.AnsweredBy is { } h ? " from " + HopWords.Name(h) : string.Empty)}); a retry may work for the user, but the fault is on the site's side.",
            VerdictKind.ProxyProblem => $"{host} works directly but fails through the proxy {v.ProxyName} ({Count(v.FailedAttempts)} of {Count(v.TotalAttempts)} attempts): the proxy is the problem.",
            VerdictKind.BotNetworkProblem => $"The bot's own network is down ({diagnosis.Control?.Reachable ?? 0} of {diagnosis.Control?.Total ?? 0} reference sites answer), so the probes say nothing about {host} yet.",
            VerdictKind.Refused => v.Detail ?? $"{host} was not probed.",
            _ => $"{host}: {v.Kind}.",
        };
        return v.ProtocolSplit is { } split
            ? $"{text} Over {HopWords.Protocol(split.Failing)} it fails ({split.FailingResult}); over {HopWords.Protocol(split.Working)} it works."
            : text;
    }

    private static string Dns(Verdict v, string host) => v.DnsOutcome switch
    {
        ResolverOutcome.Nxdomain => $"{host} does not exist in DNS (NXDOMAIN from every resolver asked).",
        ResolverOutcome.Nodata => $"{host} exists in DNS but has no address records (NODATA from every resolver asked): the user may have typed the wrong name, or the site's DNS lacks its A/AAAA records.",
        ResolverOutcome.Servfail => $"DNS for {host} is broken: the resolvers cannot get an answer (SERVFAIL).",
        _ => $"No resolver gave an address for {host}.",
    };

    private static string Tls(Diagnosis d)
    {
        var host = d.Target.Host;
        return (d.Verdict.TlsIssue, d.Tls) switch
        {
            (TlsIssue.Expired, { } t) => $"The certificate of {host} expired {Count(-(t.DaysToExpiry ?? 0))} day(s) ago ({t.NotAfter:yyyy-MM-dd}): every browser refuses it until the site owner renews it.",
            (TlsIssue.NameMismatch, { } t) => $"The certificate presented by {host} is for another name ({string.Join(", ", t.SubjectAlternativeNames.DefaultIfEmpty(t.Subject ?? "?"))}).",
            (TlsIssue.Untrusted, { } t) => $"The certificate of {host} is not trusted ({string.Join("; ", t.ChainErrors)}).",
            _ => $"The secure connection to {host} fails: {d.Verdict.Detail}.",
        };
    }

    private static string Chain(Verdict v) =>
        HopWords.Chain(v) is { } chain ? $" The error came from {HopWords.Position(v)}: {chain}." : string.Empty;

    private static string Status(int? status) => status?.ToString(CultureInfo.InvariantCulture) ?? "no status";

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
