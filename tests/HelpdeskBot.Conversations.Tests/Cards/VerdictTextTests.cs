using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Testing.Cards;

namespace HelpdeskBot.Conversations.Tests.Cards;

/// <summary>The user's card words every verdict to its reader, in the second person, and stays schema-valid.</summary>
public sealed partial class VerdictTextTests
{
    private static readonly HopIdentity Nginx = new("nginx", "nginx", HopRole.Gateway, "its upstream is not answering", "Server: nginx", HopFault.Upstream);
    private static readonly HopIdentity EdgeGw = new("via", "edge-gw/2.1", HopRole.Proxy, string.Empty, "Via: 1.1 gw1 (edge-gw/2.1)", HopFault.Upstream, HopSource.SelfIdentified);
    private static readonly HopIdentity ReportedCloudflare = new("cloudflare-origin-5xx", "Cloudflare", HopRole.Cdn, string.Empty, "named in the report: Cloudflare", HopFault.Upstream, HopSource.Reported);

    public static TheoryData<VerdictKind, ResolverOutcome?, bool> EveryVerdict()
    {
        var data = new TheoryData<VerdictKind, ResolverOutcome?, bool>();
        foreach (var kind in Enum.GetValues<VerdictKind>())
        {
            data.Add(kind, null, false);
            data.Add(kind, null, true);
        }

        foreach (var dns in new[] { ResolverOutcome.Nxdomain, ResolverOutcome.Nodata, ResolverOutcome.Servfail })
        {
            data.Add(VerdictKind.DnsFailure, dns, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryVerdict))]
    public void Every_verdict_speaks_to_the_reader_and_never_about_the_user(VerdictKind kind, ResolverOutcome? dns, bool withHop)
    {
        var d = Diagnosis(kind, dns, withHop ? EdgeGw : null);

        var said = VerdictText.ForUser(d);
        var card = new AdaptiveCard { Body = [.. EvidenceSection.Build(d, "wiki.contoso.com")] };

        Assert.Matches(SecondPerson(), said);
        foreach (var text in Texts(card))
        {
            Assert.DoesNotMatch(AboutTheUser(), text);
        }

        AdaptiveCardSchema.AssertValid(card);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("ja")]
    public void The_evidence_names_the_verdict_in_the_readers_language_never_by_its_code_name(string language)
    {
        var t = UserTexts.For(language);
        foreach (var kind in Enum.GetValues<VerdictKind>())
        {
            var d = Diagnosis(kind, null, null);
            var texts = Texts(new AdaptiveCard { Body = [.. EvidenceSection.Build(d, "wiki.contoso.com", t)] }).ToList();

            Assert.Contains(texts, text => text.Contains(t.VerdictName(kind), StringComparison.Ordinal));
            Assert.DoesNotContain(texts, text => Regex.IsMatch(text, $@"\b{kind}\b"));
        }
    }

    [Fact]
    public void Connection_outcomes_are_said_in_the_readers_words_not_by_their_wire_names()
    {
        var d = Diagnosis(VerdictKind.GatewayUnreachable, null, null);
        var user = UserTexts.For("fr");
        var desk = HelpdeskBot.Tickets.Localization.DeskTexts.For("de");

        var forUser = VerdictText.ForUser(d, user);
        var forDesk = HelpdeskBot.Tickets.Rendering.VerdictWords.ForHelpDesk(d, desk);

        Assert.Contains(user.Catalogue.Get("Connect_Refused"), forUser, StringComparison.Ordinal);
        Assert.Contains(desk.Catalogue.Get("Connect_Refused"), forDesk, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\brefused\b", forUser);
        Assert.DoesNotMatch(@"\brefused\b", forDesk);
    }

    [Fact]
    public void A_hop_outside_the_catalogue_is_named_in_the_verdicts_own_words()
    {
        var said = VerdictText.ForUser(Diagnosis(VerdictKind.UpstreamFailing, null, EdgeGw));

        Assert.StartsWith("502 from a proxy that identifies itself as edge-gw/2.1 in front of wiki.contoso.com: it got no valid answer from the server behind it.", said, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hop_only_the_report_named_is_said_to_come_from_the_report()
    {
        var d = Diagnosis(VerdictKind.UpstreamFailing, null, ReportedCloudflare);

        var said = VerdictText.ForUser(d);

        Assert.StartsWith("502 from Cloudflare (as your message says) in front of wiki.contoso.com", said, StringComparison.Ordinal);
        Assert.DoesNotMatch(AboutTheUser(), said);
        var card = new AdaptiveCard { Body = [.. EvidenceSection.Build(d, "wiki.contoso.com")] };
        Assert.All(Texts(card), text => Assert.DoesNotMatch(AboutTheUser(), text));
    }

    [Fact]
    public void A_catalogue_hop_keeps_its_meaning()
    {
        var said = VerdictText.ForUser(Diagnosis(VerdictKind.UpstreamFailing, null, Nginx));

        Assert.StartsWith("502 from nginx in front of wiki.contoso.com: its upstream is not answering.", said, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_hops_say_which_one_produced_the_error()
    {
        var inner = EdgeGw with { Product = "acme-lb/3", ErrorType = "connection_refused", Meaning = "the server behind it refused the connection" };
        var outer = EdgeGw with { Product = "zcdn/9" };
        var d = Diagnosis(VerdictKind.UpstreamFailing, null, inner);
        d = d with { Verdict = d.Verdict with { Chain = [inner, outer] } };

        var said = VerdictText.ForUser(d);

        Assert.Contains("the server behind it refused the connection", said, StringComparison.Ordinal);
        Assert.Contains("Your request passed 2 hops (acme-lb/3 (error) → zcdn/9); the error came from the 1st of 2 hops, counted from the site.", said, StringComparison.Ordinal);
    }

    [Fact]
    public void Nodata_is_worded_apart_from_a_name_that_does_not_exist()
    {
        var nodata = VerdictText.ForUser(Diagnosis(VerdictKind.DnsFailure, ResolverOutcome.Nodata, null));
        var nx = VerdictText.ForUser(Diagnosis(VerdictKind.DnsFailure, ResolverOutcome.Nxdomain, null));

        Assert.Contains("exists in DNS but has no address", nodata, StringComparison.Ordinal);
        Assert.Contains("does not exist in DNS", nx, StringComparison.Ordinal);
    }

    [Fact]
    public void A_protocol_split_is_said()
    {
        var d = Diagnosis(VerdictKind.OriginError, null, null);
        d = d with { Verdict = d.Verdict with { ProtocolSplit = new ProtocolSplit("h2", "http/1.1", "502") } };

        Assert.EndsWith("It fails over HTTP/2 (502) and works over HTTP/1.1.", VerdictText.ForUser(d), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "HTTP/1.1 check")]
    [InlineData("de", "HTTP/1.1-Prüfung")]
    [InlineData("ja", "HTTP/1.1 での確認")]
    public void The_http1_check_is_named_as_the_check_not_as_one_more_attempt(string language, string label)
    {
        // A healthy h2 site: three attempts over h2 (the verdict counts 3) and the HTTP/1.1 check made beside them.
        var d = Diagnosis(VerdictKind.Healthy, null, null);
        d = d with { Http = [Attempt(1, "h2"), Attempt(2, "h2"), Attempt(3, "h2"), Attempt(4, "http/1.1") with { ProtocolCheck = true }] };

        var t = UserTexts.For(language);
        var card = new AdaptiveCard { Body = [.. EvidenceSection.Build(d, "wiki.contoso.com", t)] };

        var texts = Texts(card).ToList();
        // Each attempt is labelled in the reader's words ("#1 direkt"), not by the wire word "direct".
        var direct = t.Catalogue.Get("Via_Direct");
        Assert.Equal([$"#1 {direct}", $"#2 {direct}", $"#3 {direct}", label], texts.Where(x => x.StartsWith('#') || x == label));
        AdaptiveCardSchema.AssertValid(card);
    }

    private static HttpAttemptEvidence Attempt(int n, string protocol) =>
        new(n, "direct", "https://wiki.contoso.com/", 200, null, new PhaseTimings(TimeSpan.Zero, TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(9), TimeSpan.FromMilliseconds(12)), new Dictionary<string, string>(), "Wiki", null, null, [])
        {
            Protocol = protocol,
        };

    private static HelpdeskBot.Probes.Diagnosis.Diagnosis Diagnosis(VerdictKind kind, ResolverOutcome? dns, HopIdentity? hop)
    {
        var failing = kind is not (VerdictKind.Healthy or VerdictKind.ResolversDisagree or VerdictKind.Refused or VerdictKind.DnsFailure);
        var status = kind switch
        {
            VerdictKind.Healthy or VerdictKind.ResolversDisagree => 200,
            VerdictKind.GatewayUnreachable or VerdictKind.DnsFailure or VerdictKind.Refused or VerdictKind.BotNetworkProblem => (int?)null,
            _ => 502,
        };
        var verdict = new Verdict(kind, 0.8, status, status is >= 500 ? hop : null, failing ? 3 : 0, kind is VerdictKind.Refused or VerdictKind.DnsFailure ? 0 : 3, failing)
        {
            DnsOutcome = dns,
            ConnectOutcomes = kind == VerdictKind.GatewayUnreachable ? [TcpOutcome.Refused] : [],
            Detail = kind switch
            {
                VerdictKind.Refused => "wiki.contoso.com was not probed: it resolves to 10.0.0.5, a private network (RFC 1918).",
                VerdictKind.TlsProblem => "TLS handshake failed: the remote party sent an alert",
                _ => null,
            },
            ProxyName = kind == VerdictKind.ProxyProblem ? "proxy.contoso.com:8080" : null,
        };
        var tls = kind == VerdictKind.TlsProblem
            ? new TlsEvidence(false, null, null, [], null, null, null, false, [], TimeSpan.FromMilliseconds(3), verdict.Detail)
            : null;
        return new HelpdeskBot.Probes.Diagnosis.Diagnosis(
            new ProbeTargetInfo("wiki.contoso.com", "https://wiki.contoso.com/", "wiki.contoso.com", 443, "https"),
            new DateTimeOffset(2026, 11, 25, 9, 58, 0, TimeSpan.Zero),
            TimeSpan.FromMilliseconds(120),
            verdict,
            null,
            [],
            tls,
            [],
            null,
            kind == VerdictKind.BotNetworkProblem ? new ControlEvidence(0, 2, ["http://control-1/", "http://control-2/"]) : null,
            kind == VerdictKind.Refused ? [new Finding(FindingSeverity.Error, "ssrf.blocked", verdict.Detail!)] : []);
    }

    private static IEnumerable<string> Texts(AdaptiveCard card) => CardTexts.Of(card);


    /// <summary>The reader is "you"; the bot is "I" or "our servers".</summary>
    [GeneratedRegex(@"\b(you|your|I|our)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecondPerson();

    [GeneratedRegex(@"\b(the user|user's|users?\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AboutTheUser();
}
