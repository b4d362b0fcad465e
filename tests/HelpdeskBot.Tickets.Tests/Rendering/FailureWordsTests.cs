using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.Tickets.Tests.Rendering;

/// <summary>
/// Every way a probe fails (<see cref="FailureKind"/>) is worded for the help desk in its language, with its technical
/// detail or time limit written in, never as the probes' English; evidence stored before failures had kinds keeps its text.
/// </summary>
public sealed class FailureWordsTests
{
    private const string English = "the probes' English error";

    public static TheoryData<string> OtherLanguages => new(DeskTexts.Shipped.Skip(1));

    public static TheoryData<string> Languages => new(DeskTexts.Shipped);

    /// <summary>One failure of each kind, with the facts it carries.</summary>
    public static IEnumerable<ProbeFailure> EveryFailure() => Enum.GetValues<FailureKind>().Select(kind => kind switch
    {
        FailureKind.ResolverTimeout or FailureKind.ConnectTimeout or FailureKind.TimeoutConnecting or FailureKind.TimeoutTls or FailureKind.TimeoutResponse
            => new ProbeFailure(kind) { Seconds = 2.5 },
        FailureKind.ConnectBlocked => new ProbeFailure(kind) { Detail = "10.0.0.0/8" },
        _ => new ProbeFailure(kind) { Detail = "DETAIL_X" },
    });

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_failed_connect_is_worded_with_its_outcome_and_its_failure(string language)
    {
        // The ticket's TCP table: a connect with a failure threw (its text's key was in neither catalogue) and took the ticket with it.
        var t = DeskTexts.For(language).Catalogue;
        var connect = new TcpEvidence("10.1.2.3", 443, TcpOutcome.Refused, TimeSpan.FromMilliseconds(3), English) { Failure = new(FailureKind.ConnectRefused) };

        var words = FailureWords.Connect(connect, t);

        Assert.Equal(t.Format("LabelFormat", t.Get("Connect_Refused")) + t.Get("Failure_ConnectRefused"), words);
        Assert.DoesNotContain(English, words, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void Every_failure_is_worded_in_the_help_desks_language(string language)
    {
        var t = DeskTexts.For(language).Catalogue;
        foreach (var failure in EveryFailure())
        {
            var words = FailureWords.Word(failure, English, t);

            Assert.NotEqual(FailureWords.Word(failure, DeskTexts.English.Catalogue), words);
            Assert.DoesNotContain(English, words, StringComparison.Ordinal);
            Assert.DoesNotContain("{", words, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_failure_keeps_its_detail_its_time_limit_in_the_languages_numbers_and_the_range_by_name()
    {
        var de = DeskTexts.For("de").Catalogue;

        Assert.Contains("(PROTOCOL_ERROR)", FailureWords.Word(new ProbeFailure(FailureKind.Http2Protocol) { Detail = "PROTOCOL_ERROR" }, de), StringComparison.Ordinal);
        Assert.Contains("2,5 s", FailureWords.Word(new ProbeFailure(FailureKind.TimeoutResponse) { Seconds = 2.5 }, de), StringComparison.Ordinal);
        Assert.Contains(de.Get("Range_Private") + " 10.0.0.0/8", FailureWords.Word(new ProbeFailure(FailureKind.ConnectBlocked) { Detail = "10.0.0.0/8" }, de), StringComparison.Ordinal);
        // A socket's own timeout has no limit: the connect outcome's word.
        Assert.Equal(de.Get("Connect_Timeout"), FailureWords.Word(new ProbeFailure(FailureKind.ConnectTimeout), de));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_failed_connect_reads_as_its_outcome_then_its_failure_in_every_language(string language)
    {
        // The ticket's TCP table: this asked for a text in no catalogue and threw for every failed connect.
        var t = DeskTexts.For(language).Catalogue;
        var connect = new TcpEvidence("192.0.2.10", 443, TcpOutcome.Timeout, TimeSpan.FromSeconds(1.5), "English")
        {
            Failure = new(FailureKind.ConnectTimeout) { Seconds = 1.5 },
        };

        var words = FailureWords.Connect(connect, t);

        Assert.Equal(t.Format("LabelFormat", t.Get("Connect_Timeout")) + t.Format("Failure_ConnectTimeout", t.Number(1.5)), words);
        Assert.DoesNotContain("English", words, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_stored_before_failures_had_kinds_reads_as_its_english_text()
    {
        var ja = DeskTexts.For("ja").Catalogue;

        Assert.Equal(English, FailureWords.Word(null, English, ja));
        Assert.Equal("nxdomain the name does not exist (NXDOMAIN)", FailureWords.Resolver(new ResolverAnswer("system", ResolverOutcome.Nxdomain, [], [], TimeSpan.Zero, "the name does not exist (NXDOMAIN)"), ja));
        var tls = new TlsEvidence(true, "Tls13", "CN=x", [], "CN=x", null, 10, false, ["the chain is incomplete"], TimeSpan.Zero, null);
        Assert.Equal("the chain is incomplete", FailureWords.Chain(tls, ja));
        Assert.Equal(ja.Get("Failure_CertificatePartialChain"), FailureWords.Chain(tls with { ChainProblems = [new(FailureKind.CertificatePartialChain)] }, ja));
    }

    [Fact]
    public void Failures_have_stable_wire_names()
    {
        Assert.Equal("connect-refused", WireNames.Of(FailureKind.ConnectRefused));
        Assert.Equal("http2-stream-reset", WireNames.Of(FailureKind.Http2StreamReset));
        Assert.Equal(FailureKind.CertificateNotTimeValid, WireNames.Parse<FailureKind>("certificate-not-time-valid"));
    }
}
