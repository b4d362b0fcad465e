using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.Tickets.Tests.Rendering;

/// <summary>Findings are facts from Probes; the ticket words them in the help desk's language.</summary>
public sealed class FindingWordsTests
{
    public static TheoryData<string> Languages => new(DeskTexts.Shipped);

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_kind_of_finding_is_worded_from_its_facts_in_every_language(string language)
    {
        var t = DeskTexts.For(language);
        foreach (var finding in TestFindings.OfEveryKind())
        {
            var words = FindingWords.ForHelpDesk(finding, t);

            Assert.DoesNotContain(finding.Message, words, StringComparison.Ordinal);
            Assert.DoesNotContain("{", words, StringComparison.Ordinal);
            Assert.DoesNotContain("?", words.Replace("¿", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_finding_worded_in_German_names_its_facts_in_German()
    {
        var expired = FindingWords.ForHelpDesk(TestFindings.Of(FindingKind.TlsExpired), DeskTexts.For("de"));
        var status = FindingWords.ForHelpDesk(TestFindings.Of(FindingKind.HttpStatus), DeskTexts.For("de"));

        Assert.Equal("Das Zertifikat von wiki.contoso.com ist vor 3 Tagen abgelaufen (12.12.2026).", expired);
        Assert.Equal("HTTP 502 von nginx (Server: nginx) bei 3 von 5 Versuchen.", status);
    }

    [Fact]
    public void A_finding_stored_before_kinds_existed_reads_as_its_text()
    {
        var old = new Finding(FindingSeverity.Error, "dns.nxdomain", "8.8.8.8: wiki.contoso.com: NXDOMAIN.");

        Assert.Equal(old.Message, FindingWords.ForHelpDesk(old, DeskTexts.For("ja")));
    }

    [Fact]
    public void A_stored_finding_without_a_kind_still_reads_from_JSON_and_a_new_one_keeps_its_facts()
    {
        var json = """{"severity":"error","code":"dns.nxdomain","message":"8.8.8.8: wiki.contoso.com: NXDOMAIN."}""";
        var old = System.Text.Json.JsonSerializer.Deserialize(json, Probes.ProbesJsonContext.Default.Finding)!;
        var roundTrip = System.Text.Json.JsonSerializer.Deserialize(
            System.Text.Json.JsonSerializer.Serialize(TestFindings.Of(FindingKind.TcpFailed), Probes.ProbesJsonContext.Default.Finding),
            Probes.ProbesJsonContext.Default.Finding)!;

        Assert.Null(old.Kind);
        Assert.Equal("8.8.8.8: wiki.contoso.com: NXDOMAIN.", FindingWords.ForHelpDesk(old, DeskTexts.For("de")));
        Assert.Equal(FindingKind.TcpFailed, roundTrip.Kind);
        Assert.Equal("Keine Verbindung zu 10.1.2.3 Port 443: connection refused.", FindingWords.ForHelpDesk(roundTrip, DeskTexts.For("de")));
    }
}
