using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Tests.Localization;

/// <summary>
/// Diagnoses of every shape the readers word, built from the enums so a new kind is covered when it is added: each
/// verdict kind (with each way of naming the hop, each DNS outcome, each TLS issue), each failure kind in every place
/// a failure is shown (a resolver, a connect, the handshake and the chain, each attempt direct, through the proxy and
/// the HTTP/1.1 check, the verdict and a protocol split), and each finding kind (each redirect refusal, each target
/// problem) as the last finding of a refusal.
/// </summary>
internal static class DiagnosisShapes
{
    public const string Host = "wiki.contoso.com";

    /// <summary>The English every operator text in these shapes is written in: none of it may reach a reader.</summary>
    public const string Operators = "operators alone read this sentence";

    public static readonly DateTimeOffset At = new(2026, 11, 30, 9, 58, 0, TimeSpan.Zero);

    public static readonly HopIdentity Nginx = new("nginx", "nginx", HopRole.Gateway, "its upstream is not answering", "Server: nginx", HopFault.Upstream);

    public static readonly HopIdentity EdgeGw = new("via", "edge-gw/2.1", HopRole.Proxy, string.Empty, "Via: 1.1 gw1 (edge-gw/2.1)", HopFault.Upstream, HopSource.SelfIdentified);

    /// <summary>A catalogue hop matched by a header, the page's title and its text.</summary>
    public static readonly HopIdentity CloudflarePage = new("cloudflare-502", "Cloudflare", HopRole.Cdn, "Cloudflare could not reach the origin", "Server: cloudflare; title \"502 Bad gateway | Cloudflare\"; body \"cf-error-code\"", HopFault.Upstream)
    {
        Markers = [new(HopMarkerKind.Header, "cloudflare") { Name = "Server" }, new(HopMarkerKind.Title, "502 Bad gateway | Cloudflare"), new(HopMarkerKind.Body, "cf-error-code")],
    };

    public static readonly HopIdentity Cloudflare = new("cloudflare-origin-5xx", "Cloudflare", HopRole.Cdn, "the origin behind Cloudflare failed", "named in the report: Cloudflare", HopFault.Upstream, HopSource.Reported);

    /// <summary>The English the probes write into evidence for operators (never for a reader).</summary>
    public static IEnumerable<string> ProbesEnglish =>
        [Operators, Nginx.Meaning, Cloudflare.Meaning, CloudflarePage.Meaning, "title body", Cloudflare.Evidence, "works directly but fails through the proxy", .. TestFindings.OfEveryKind().Select(f => f.Message), "connection refused"];

    /// <summary>What the shapes name that is no sentence: hosts, products, headers, certificates, addresses.</summary>
    public static IEnumerable<string> Data =>
    [
        Host, "edge.contoso.net wiki.contoso.net ref1.contoso.net proxy.contoso.net", Nginx.Evidence, EdgeGw.Evidence, EdgeGw.Product, "Cloudflare nginx", "Server: cloudflare", "502 Bad gateway | Cloudflare", "cf-error-code",
        "CN=wiki.contoso.com CN=Contoso CA", "TLS 1.3", "Wiki", "tenant-1", "TCP TLS DNS HTTP",
        "Bad Gateway", // HTTP's reason phrase in the ticket's title: RFC 9110's, the same in every language
        TlsAlert, // the TLS library's reason, quoted as a technical detail as every other detail (rcode, socket error)
        "English", // the language picker names each language in itself
    ];

    /// <summary>OpenSSL's reason for a failed handshake, as a TLS failure's detail.</summary>
    public const string TlsAlert = "tlsv1 alert protocol version";

    public static IEnumerable<(string Name, Diagnosis Diagnosis)> All() =>
        Verdicts().Concat(Failures()).Concat(Findings());

    /// <summary>Each verdict kind, with the hop named each way, each DNS outcome and each TLS issue.</summary>
    public static IEnumerable<(string, Diagnosis)> Verdicts()
    {
        foreach (var kind in Enum.GetValues<VerdictKind>())
        {
            foreach (var hop in new HopIdentity?[] { null, Nginx, EdgeGw, Cloudflare, CloudflarePage })
            {
                var status = kind == VerdictKind.Healthy ? 200 : 502;
                var v = new Verdict(kind, 0.9, status, hop, kind == VerdictKind.Healthy ? 0 : 3, 4, kind is VerdictKind.UpstreamFailing or VerdictKind.OriginError or VerdictKind.GatewayFault)
                {
                    ConnectOutcomes = [.. Enum.GetValues<TcpOutcome>()],
                    Chain = hop is null ? [] : [Nginx, hop],
                    Protocol = "h2",
                    ProxyName = "proxy.contoso.net:3128",
                };
                yield return ($"{kind} hop {hop?.Source}", Make(v, kind == VerdictKind.Refused ? [Refusal(RedirectRefusal.Address)] : []));
            }
        }

        foreach (var dns in Enum.GetValues<ResolverOutcome>())
        {
            yield return ($"DnsFailure {dns}", Make(new Verdict(VerdictKind.DnsFailure, 0.9, null, null, 0, 0, false) { DnsOutcome = dns }));
        }

        foreach (var issue in Enum.GetValues<TlsIssue>())
        {
            var d = Make(new Verdict(VerdictKind.TlsProblem, 0.9, null, null, 0, 0, true) { TlsIssue = issue, Failure = new(FailureKind.TlsHandshake) { Detail = TlsAlert }, Detail = Operators });
            var tls = d.Tls! with
            {
                DaysToExpiry = issue == TlsIssue.Expired ? -3 : 40,
                NameMismatch = issue == TlsIssue.NameMismatch,
                ChainErrors = issue == TlsIssue.Untrusted ? [Operators] : [],
                ChainProblems = issue == TlsIssue.Untrusted ? [new(FailureKind.CertificateUntrustedRoot)] : [],
                Succeeded = issue != TlsIssue.HandshakeFailed,
                Failure = issue == TlsIssue.HandshakeFailed ? new(FailureKind.TlsHandshake) { Detail = TlsAlert } : null,
                Error = issue == TlsIssue.HandshakeFailed ? Operators : null,
            };
            yield return ($"TlsProblem {issue}", d with { Tls = tls });
        }
    }

    /// <summary>Each failure kind, in every place evidence shows a failure.</summary>
    public static IEnumerable<(string, Diagnosis)> Failures()
    {
        foreach (var kind in Enum.GetValues<FailureKind>())
        {
            var f = new ProbeFailure(kind) { Detail = kind == FailureKind.ConnectBlocked ? "10.0.0.0/8" : "ECONNABORTED", Seconds = 2.5 };
            var v = new Verdict(VerdictKind.OriginError, 0.8, null, null, 3, 3, true)
            {
                Failure = f,
                Detail = Operators,
                ProtocolSplit = new ProtocolSplit("h2", "http/1.1", Operators) { Failure = f },
            };
            var d = Make(v);
            yield return ($"failure {kind}", d with
            {
                Dns = new DnsEvidence([.. d.Dns!.Resolvers, new ResolverAnswer("10.0.0.54", ResolverOutcome.Error, [], [], TimeSpan.FromMilliseconds(20), Operators) { Failure = f }], true),
                Tcp = [new TcpEvidence("10.1.2.3", 443, TcpOutcome.Error, TimeSpan.FromMilliseconds(30), Operators) { Failure = f }],
                Tls = d.Tls! with { Succeeded = false, Error = Operators, Failure = f, ChainErrors = [Operators], ChainProblems = [f] },
                Http = [.. d.Http.Select(h => h with { StatusCode = null, Error = Operators, Failure = f, AnsweredBy = null, Title = null })],
            });
        }
    }

    /// <summary>Each finding kind (each redirect refusal and target problem too), last in a refusal and shown as evidence.</summary>
    public static IEnumerable<(string, Diagnosis)> Findings()
    {
        var findings = Enum.GetValues<FindingKind>().Select(k => (k.ToString(), Finding(k)))
            .Concat(Enum.GetValues<RedirectRefusal>().Select(r => ($"redirect {r}", Refusal(r))))
            .Concat(Enum.GetValues<TargetProblem>().Select(p => ($"target {p}", Finding(FindingKind.TargetInvalid) is var f ? f with { Values = f.Values! with { Reason = WireNames.Of(p), Count = 2048 } } : f)));
        foreach (var (name, finding) in findings)
        {
            yield return ($"finding {name}", Make(new Verdict(VerdictKind.Refused, 1, null, null, 0, 0, false) { Detail = Operators }, [finding]));
        }
    }

    /// <summary>A finding as Probes makes it today: every value its kind names, its failure as a fact.</summary>
    private static Finding Finding(FindingKind kind)
    {
        var f = TestFindings.Of(kind);
        return f with { Values = f.Values! with { Failure = new(FailureKind.ConnectRefused), Names = ["edge.contoso.net", "wiki.contoso.net"] } };
    }

    private static Finding Refusal(RedirectRefusal why)
    {
        var f = Finding(FindingKind.RefusedRedirect);
        return f with
        {
            Values = f.Values! with
            {
                Reason = WireNames.Of(why),
                Error = Operators,
                Names = why switch
                {
                    RedirectRefusal.Scheme => ["ftp"],
                    RedirectRefusal.Port => ["80", "443"],
                    RedirectRefusal.Unresolved => ["edge.contoso.net", WireNames.Of(ResolverOutcome.Nxdomain)],
                    RedirectRefusal.Address => ["10.0.0.0/8"],
                    _ => ["edge.contoso.net"],
                },
                Failure = why == RedirectRefusal.Unresolved ? new(FailureKind.NameNotFound) : null,
            },
        };
    }

    /// <summary>A diagnosis with every kind of evidence, all of it working but what the verdict says.</summary>
    private static Diagnosis Make(Verdict v, IReadOnlyList<Finding>? findings = null)
    {
        var timings = new PhaseTimings(TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(9), TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(1051));
        HttpAttemptEvidence Attempt(int n, string via) => new(n, via, $"https://{Host}/", v.StatusCode, null, timings, new Dictionary<string, string> { ["Server"] = "nginx" }, "Wiki", null, v.AnsweredBy, []) { Protocol = "h2" };
        return new Diagnosis(
            new ProbeTargetInfo(Host, $"https://{Host}/", Host, 443, "https"),
            At,
            TimeSpan.FromMilliseconds(2345),
            v,
            new DnsEvidence(
                [
                    new ResolverAnswer("system", ResolverOutcome.Ok, ["10.1.2.3"], [], TimeSpan.FromMilliseconds(2), null),
                    new ResolverAnswer("10.0.0.53", ResolverOutcome.Ok, ["10.1.2.3"], ["edge.contoso.net"], TimeSpan.FromMilliseconds(4), null),
                ],
                false),
            [new TcpEvidence("10.1.2.3", 443, TcpOutcome.Connected, TimeSpan.FromMilliseconds(3), null)],
            new TlsEvidence(true, "Tls13", "CN=wiki.contoso.com", [Host], "CN=Contoso CA", At.AddDays(40), 40, false, [], TimeSpan.FromMilliseconds(9), null),
            [Attempt(1, "direct"), Attempt(2, "direct"), Attempt(3, "proxy"), Attempt(4, "direct") with { ProtocolCheck = true, Protocol = "http/1.1" }],
            new PathComparison(0, 3, 1, 1, "works directly but fails through the proxy"),
            new ControlEvidence(2, 3, ["ref1.contoso.net"]),
            findings ?? []);
    }
}
