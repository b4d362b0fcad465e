using System.Globalization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.Conversations.Cards;

/// <summary>
/// A verdict worded for the person who reported the problem, in the second person ("your browser"). The help desk's
/// ticket words the same facts about "the user" (<see cref="VerdictWords"/>); no text here speaks of the user.
/// </summary>
public static class VerdictText
{
    public static string ForUser(Diagnosis diagnosis)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        var v = diagnosis.Verdict;
        var host = diagnosis.Target.Host;
        var requests = $"{N(v.FailedAttempts)} of {N(v.TotalAttempts)} requests from our servers";
        var text = v.Kind switch
        {
            VerdictKind.Healthy => $"{host} answers fine from our servers, so the problem is most likely between your device and the site: your browser, your network connection or your proxy.",
            VerdictKind.UpstreamFailing when v.AnsweredBy is { } hop =>
                $"{Status(v.StatusCode)} from {HopWords.Name(hop)} in front of {host}: {HopWords.Meaning(hop, v.StatusCode)}. Nothing on your computer can fix that.{Chain(v)}",
            VerdictKind.GatewayFault when v.AnsweredBy is { } hop =>
                $"{Status(v.StatusCode)} from {HopWords.Name(hop)} in front of {host}, which failed by itself: {HopWords.Meaning(hop, v.StatusCode)}. Nothing on your computer can fix that.{Chain(v)}",
            VerdictKind.OriginError when v.AnsweredBy is { } hop => $"{host} answered {Status(v.StatusCode)} ({HopWords.Name(hop)}): {HopWords.Meaning(hop, v.StatusCode)}. The site itself is failing; nothing on your computer can fix that.{Chain(v)}",
            VerdictKind.OriginError when v.StatusCode is null => $"{host} accepts connections but sends no proper answer ({v.Detail}). The site itself is failing, not your browser.",
            VerdictKind.OriginError or VerdictKind.UpstreamFailing or VerdictKind.GatewayFault => $"{host} answers {Status(v.StatusCode)} to every request from our servers: the site reports an error on its own side, and nothing on your computer can fix that.",
            VerdictKind.GatewayUnreachable => $"Nothing answers at {host} ({string.Join(", ", v.ConnectOutcomes.Select(WireNames.Of))}): the site, or whatever sits in front of it, is down or unreachable from our servers too, so it is not your connection.",
            VerdictKind.DnsFailure => Dns(v, host),
            VerdictKind.ResolversDisagree => $"{host} works from our servers, but DNS servers disagree about where it is, so your computer may be sent to the wrong place.",
            VerdictKind.TlsProblem => Tls(diagnosis),
            VerdictKind.Intermittent => $"{host} fails now and then: {requests} failed ({(v.StatusCode is null ? v.Detail ?? "no answer" : Status(v.StatusCode))}{(v.AnsweredBy is { } h ? " from " + HopWords.Name(h) : string.Empty)}). Reloading may work for you, but the fault is on the site's side.",
            VerdictKind.ProxyProblem => $"{host} works directly but fails through the proxy ({requests} failed): the proxy is the problem, not your browser.",
            VerdictKind.BotNetworkProblem => $"Our own network is having trouble ({N(diagnosis.Control?.Reachable ?? 0)} of {N(diagnosis.Control?.Total ?? 0)} reference sites answer), so I can't tell you anything about {host} yet.",
            VerdictKind.Refused => $"Our servers did not check it. {v.Detail}".TrimEnd(),
            _ => $"What our servers see on {host}: {v.Kind}. Your help desk can look into it.",
        };
        return v.ProtocolSplit is { } split
            ? $"{text} It fails over {HopWords.Protocol(split.Failing)} ({split.FailingResult}) and works over {HopWords.Protocol(split.Working)}."
            : text;
    }

    private static string Dns(Verdict v, string host) => v.DnsOutcome switch
    {
        ResolverOutcome.Nxdomain => $"{host} does not exist in DNS: every DNS server we asked says so. Check the address you typed; if it is right, the site's DNS is broken.",
        ResolverOutcome.Nodata => $"{host} exists in DNS but has no address, so no browser can open it. Check the address you typed (a missing or extra \"www.\" is common); if it is right, the site's owner has to add the address.",
        ResolverOutcome.Servfail => $"The DNS for {host} is broken: the DNS servers cannot get an answer for it. Nothing on your computer can fix that.",
        _ => $"None of the DNS servers we asked gave an address for {host}, so your browser cannot find it either.",
    };

    private static string Tls(Diagnosis d)
    {
        var host = d.Target.Host;
        return (d.Verdict.TlsIssue, d.Tls) switch
        {
            (TlsIssue.Expired, { } t) => $"The certificate of {host} expired {N(-(t.DaysToExpiry ?? 0))} day(s) ago: your browser will refuse it until the site's owner renews it.",
            (TlsIssue.NameMismatch, { } t) => $"The certificate {host} presents is for another name ({string.Join(", ", t.SubjectAlternativeNames.DefaultIfEmpty(t.Subject ?? "?").Take(3))}), so your browser will warn you about it.",
            (TlsIssue.Untrusted, { } t) => $"Your browser will not trust the certificate of {host} ({string.Join("; ", t.ChainErrors)}).",
            _ => $"The secure connection to {host} fails ({d.Verdict.Detail}), so your browser cannot open it either.",
        };
    }

    private static string Chain(Verdict v) =>
        HopWords.Chain(v) is { } chain ? $" Your request passed {N(v.Chain.Count)} hops ({chain}); the error came from {HopWords.Position(v)}." : string.Empty;

    private static string Status(int? status) => status?.ToString(CultureInfo.InvariantCulture) ?? "no status";

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
