using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Http;
using HelpdeskBot.Probes.Targets;

namespace HelpdeskBot.Probes.Tests.Diagnosis;

/// <summary>
/// The verdict rules on their own, without sockets: one row per rule and branch (every verdict they can draw), each
/// with the evidence that leads there and what the verdict must say. The scenario tests drive the same rules through
/// real loopback servers; these pin the ordering and the confidences.
/// </summary>
public sealed class VerdictRulesTests
{
    private static readonly ProbeTarget Target = new("wiki.contoso.com", new Uri("https://wiki.contoso.com/"), "wiki.contoso.com", 443, null, []);

    // Static initializers run in order: everything the table uses is declared above it.
    private static readonly HopIdentity Gateway = new("nginx", "nginx", HopRole.Gateway, "the gateway got no answer", "Server: nginx", HopFault.Upstream);

    private static readonly ControlEvidence ControlDown = new(0, 2, ["control-1", "control-2"]);

    private static readonly ControlEvidence ControlUp = new(2, 2, []);

    /// <summary>Name → evidence and the verdict it must give (kind, confidence, server-side, and any further check).</summary>
    private static readonly Dictionary<string, Row> Table = new()
    {
        ["every resolver says the name does not exist"] = new(
            Unresolved(ResolverOutcome.Nxdomain, ResolverOutcome.Nxdomain),
            VerdictKind.DnsFailure, 0.9, true, v => Assert.Equal(ResolverOutcome.Nxdomain, v.DnsOutcome)),
        ["every resolver says the name has no addresses"] = new(
            Unresolved(ResolverOutcome.Nodata, ResolverOutcome.Nodata, ResolverOutcome.Skipped),
            VerdictKind.DnsFailure, 0.8, false, v => Assert.Equal(ResolverOutcome.Nodata, v.DnsOutcome)),
        ["resolvers time out or disagree on the failure"] = new(
            Unresolved(ResolverOutcome.Timeout, ResolverOutcome.Servfail),
            VerdictKind.DnsFailure, 0.6, true, v => Assert.Null(v.DnsOutcome)),
        ["every resolver times out"] = new(
            Unresolved(ResolverOutcome.Timeout, ResolverOutcome.Timeout),
            VerdictKind.DnsFailure, 0.6, false, v => Assert.Null(v.DnsOutcome)),
        ["nothing resolves and the control sites are down too"] = new(
            Unresolved(ResolverOutcome.Timeout) with { Control = ControlDown },
            VerdictKind.BotNetworkProblem, 0.8, false),
        ["every connection is refused"] = new(
            Input(Tcp(TcpOutcome.Refused, TcpOutcome.Refused), Attempts(Transport("connection refused"), Transport("connection refused"))),
            VerdictKind.GatewayUnreachable, 0.7, true, v => Assert.Equal(new[] { TcpOutcome.Refused }, v.ConnectOutcomes)),
        ["every connection times out while the control sites answer"] = new(
            Input(Tcp(TcpOutcome.Timeout), Attempts(Transport("timeout"))) with { Control = ControlUp },
            VerdictKind.GatewayUnreachable, 0.9, true),
        ["no connection and the control sites are down too"] = new(
            Input(Tcp(TcpOutcome.Timeout), Attempts(Transport("timeout"))) with { Control = ControlDown },
            VerdictKind.BotNetworkProblem, 0.8, false),
        ["the certificate expired"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(200))) with { Tls = Tls(daysToExpiry: -3) },
            VerdictKind.TlsProblem, 0.9, true, v => Assert.Equal(TlsIssue.Expired, v.TlsIssue)),
        ["the certificate is for another name"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(200))) with { Tls = Tls(nameMismatch: true) },
            VerdictKind.TlsProblem, 0.9, true, v => Assert.Equal(TlsIssue.NameMismatch, v.TlsIssue)),
        ["every answer is a 502 from a gateway the catalogue knows"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(502, Gateway), Status(502, Gateway), Status(502, Gateway))),
            VerdictKind.UpstreamFailing, 0.9, true, v => Assert.Equal((502, "nginx", 3, 3), (v.StatusCode, v.AnsweredBy?.Id, v.FailedAttempts, v.TotalAttempts))),
        ["every answer is a 502 from a gateway named only by its own headers"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(502, Gateway with { Source = HopSource.SelfIdentified }))),
            VerdictKind.UpstreamFailing, 0.65, true),
        ["every answer is a bare 502 and the reporter named the gateway"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(502))) with { Reported = Gateway with { Source = HopSource.Reported } },
            VerdictKind.UpstreamFailing, 0.55, true),
        ["every answer is the gateway's own failure"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(503, Gateway with { Fault = HopFault.Self }))),
            VerdictKind.GatewayFault, 0.85, true),
        ["every answer is a 500 the application gave itself"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(500, Gateway with { Fault = HopFault.Origin }))),
            VerdictKind.OriginError, 0.8, true),
        ["every answer is a 500 nobody is named for"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(500), Status(500))),
            VerdictKind.OriginError, 0.75, true, v => Assert.Null(v.AnsweredBy)),
        ["every connection opens but no answer comes back"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Transport("connection reset"), Transport("connection reset"))),
            VerdictKind.OriginError, 0.8, true, v => Assert.Equal("connection reset", v.Detail)),
        ["every answer fails and the control sites are down too"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(502))) with { Control = ControlDown },
            VerdictKind.BotNetworkProblem, 0.8, false),
        ["two answers of five are 502s"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(200), Status(502, Gateway), Status(200), Status(502, Gateway), Status(200))),
            VerdictKind.Intermittent, 0.8, true, v => Assert.Equal((2, 5, 502, "nginx"), (v.FailedAttempts, v.TotalAttempts, v.StatusCode, v.AnsweredBy?.Id))),
        ["one timeout among good answers"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(200), Transport("timeout"), Status(200))),
            VerdictKind.Intermittent, 0.8, true, v => Assert.Equal(("timeout", false), (v.Detail, v.AnsweredBy is not null))),
        ["direct answers work but through the proxy they fail"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(200), Status(200))) with
            {
                ViaProxy = [Attempt(Evidence(502, null, Gateway, via: "proxy"))],
                Proxy = new PathComparison(0, 2, 1, 1, "proxy fails"),
            },
            VerdictKind.ProxyProblem, 0.85, false, v => Assert.Equal((502, 1, 1), (v.StatusCode, v.FailedAttempts, v.TotalAttempts))),
        ["every answer works but the resolvers disagree"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(200), Status(200))) with { Dns = Dns(true, ResolverOutcome.Ok, ResolverOutcome.Ok) },
            VerdictKind.ResolversDisagree, 0.7, false, v => Assert.True(v.ResolversDisagree)),
        ["three good answers"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(200), Status(200), Status(200))),
            VerdictKind.Healthy, 0.9, false, v => Assert.Equal((200, 0, 3), (v.StatusCode, v.FailedAttempts, v.TotalAttempts))),
        ["two good answers"] = new(
            Input(Tcp(TcpOutcome.Connected), Attempts(Status(200), Status(301))),
            VerdictKind.Healthy, 0.7, false),
    };

    public static TheoryData<string> Rows => [.. Table.Keys];

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_evidence_gives_its_verdict(string row)
    {
        var (input, kind, confidence, serverSide, check) = Table[row];

        var verdict = VerdictRules.Decide(input);

        Assert.Equal((kind, serverSide), (verdict.Kind, verdict.ServerSideFault));
        Assert.Equal(confidence, verdict.Confidence, 6);
        check?.Invoke(verdict);
    }

    [Fact]
    public void Every_verdict_but_Refused_is_drawn_by_a_row_of_the_table()
    {
        // Refused is decided before any probe runs (Diagnoser: bad target, blocked address or port, rate limit).
        var expected = Enum.GetValues<VerdictKind>().Where(k => k != VerdictKind.Refused).ToHashSet();

        Assert.Equal(expected, Table.Values.Select(r => VerdictRules.Decide(r.Input).Kind).ToHashSet());
    }

    [Fact]
    public void A_failing_certificate_outranks_failing_answers_and_names_the_most_severe_issue()
    {
        var input = Input(Tcp(TcpOutcome.Connected), Attempts(Status(502, Gateway))) with { Tls = Tls(daysToExpiry: -1, nameMismatch: true) };

        var verdict = VerdictRules.Decide(input);

        Assert.Equal((VerdictKind.TlsProblem, TlsIssue.Expired, 502), (verdict.Kind, verdict.TlsIssue, verdict.StatusCode));
    }

    [Fact]
    public void Failing_over_HTTP2_while_the_HTTP1_check_works_is_reported_as_a_protocol_split()
    {
        var input = Input(Tcp(TcpOutcome.Connected), Attempts(Status(502, protocol: "h2"), Status(502, protocol: "h2"))) with
        {
            ProtocolCheck = Attempt(Evidence(200, null, null, protocol: "http/1.1")),
        };

        var verdict = VerdictRules.Decide(input);

        Assert.Equal(VerdictKind.OriginError, verdict.Kind);
        Assert.Equal(new ProtocolSplit("h2", "http/1.1", "502"), verdict.ProtocolSplit);
        Assert.Equal("h2", verdict.Protocol);
    }

    [Fact]
    public void A_protocol_check_that_fails_too_is_no_split()
    {
        var input = Input(Tcp(TcpOutcome.Connected), Attempts(Status(502, protocol: "h2"))) with
        {
            ProtocolCheck = Attempt(Evidence(502, null, null, protocol: "http/1.1")),
        };

        Assert.Null(VerdictRules.Decide(input).ProtocolSplit);
    }

    [Fact]
    public void The_failing_attempts_hop_is_preferred_over_the_one_the_reporter_named()
    {
        var reported = Gateway with { Id = "cloudflare", Product = "Cloudflare", Source = HopSource.Reported };
        var input = Input(Tcp(TcpOutcome.Connected), Attempts(Status(502, Gateway))) with { Reported = reported };

        var verdict = VerdictRules.Decide(input);

        Assert.Equal(("nginx", 0.9), (verdict.AnsweredBy?.Id, verdict.Confidence));
    }

    private sealed record Row(VerdictInput Input, VerdictKind Kind, double Confidence, bool ServerSide, Action<Verdict>? Check = null);

    private static VerdictInput Unresolved(params ResolverOutcome[] outcomes) =>
        new(Target, Dns(false, outcomes), false, [], null, [], [], null, null);

    private static VerdictInput Input(IReadOnlyList<TcpEvidence> tcp, IReadOnlyList<HttpAttemptResult> direct) =>
        new(Target, Dns(false, ResolverOutcome.Ok), true, tcp, null, direct, [], null, null);

    private static DnsEvidence Dns(bool disagree, params ResolverOutcome[] outcomes) =>
        new([.. outcomes.Select((o, i) => new ResolverAnswer($"10.0.0.{i + 1}", o, o == ResolverOutcome.Ok ? ["192.0.2.10"] : [], [], TimeSpan.FromMilliseconds(5), null))], disagree);

    private static TcpEvidence[] Tcp(params TcpOutcome[] outcomes) =>
        [.. outcomes.Select(o => new TcpEvidence("192.0.2.10", 443, o, TimeSpan.FromMilliseconds(10), o == TcpOutcome.Connected ? null : o.ToString()))];

    private static TlsEvidence Tls(int daysToExpiry = 60, bool nameMismatch = false) =>
        new(true, "TLSv1.3", "CN=wiki.contoso.com", ["wiki.contoso.com"], "CN=Contoso CA", null, daysToExpiry, nameMismatch, [], TimeSpan.FromMilliseconds(20), null);

    private static HttpAttemptResult[] Attempts(params HttpAttemptEvidence[] evidence) =>
        [.. evidence.Select((e, i) => Attempt(e with { Attempt = i + 1 }))];

    private static HttpAttemptEvidence Status(int status, HopIdentity? hop = null, string protocol = "http/1.1") => Evidence(status, null, hop, protocol: protocol);

    private static HttpAttemptEvidence Transport(string error) => Evidence(null, error, null);

    private static HttpAttemptEvidence Evidence(int? status, string? error, HopIdentity? hop, string via = "direct", string protocol = "http/1.1") =>
        new(1, via, "https://wiki.contoso.com/", status, error, new PhaseTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero),
            new Dictionary<string, string>(), null, null, hop, [])
        {
            Protocol = status is null && error is not null ? null : protocol,
            Chain = hop is null ? [] : [hop],
        };

    private static HttpAttemptResult Attempt(HttpAttemptEvidence evidence) => new(evidence, [], null, null);
}
