using System.Text.Json;
using HelpdeskBot.Probes;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.Tickets.Tests.Rendering;

/// <summary>
/// A matched error page's markers travel as facts (<see cref="HopMarker"/>): each reader words the labels ("page title",
/// "Seitentitel") from them, never by reading the probes' English evidence; a hop stored before markers shows that
/// English as it is.
/// </summary>
public sealed class HopMarkerWordsTests
{
    private const string English = "Server: cloudflare; title \"502 Bad gateway | Cloudflare\"; body \"cf-error-code\"";

    private static readonly HopIdentity Page = new("cloudflare-502", "Cloudflare", HopRole.Cdn, "Cloudflare could not reach the origin", English, HopFault.Upstream)
    {
        Markers = [new(HopMarkerKind.Header, "cloudflare") { Name = "Server" }, new(HopMarkerKind.Title, "502 Bad gateway | Cloudflare"), new(HopMarkerKind.Body, "cf-error-code")],
    };

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    [InlineData("ja")]
    public void The_page_markers_are_worded_from_their_kinds(string language)
    {
        var t = DeskTexts.For(language).Catalogue;

        var words = HopWords.Evidence(Page, t);

        Assert.Equal($"Server: cloudflare; {t.Format("HopEvidence_Title", "\"502 Bad gateway | Cloudflare\"")}; {t.Format("HopEvidence_Body", "\"cf-error-code\"")}", words);
        if (language != TextCatalogue.English)
        {
            Assert.DoesNotContain("title \"", words, StringComparison.Ordinal);
            Assert.DoesNotContain("body \"", words, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_title_that_reads_like_a_label_is_quoted_as_the_site_sent_it()
    {
        // The site's own text holds "; body \"": read as a string it would have split into two labels.
        var hop = Page with { Markers = [new(HopMarkerKind.Title, "Oops; body \"x\"")], Evidence = "title \"Oops; body \"x\"\"" };
        var t = DeskTexts.For("de").Catalogue;

        Assert.Equal(t.Format("HopEvidence_Title", "\"Oops; body \"x\"\""), HopWords.Evidence(hop, t));
    }

    [Fact]
    public void A_hop_stored_before_markers_shows_its_english_evidence_as_it_is()
    {
        var stored = Page with { Markers = null };

        Assert.Equal(English, HopWords.Evidence(stored, DeskTexts.For("de").Catalogue));
    }

    [Fact]
    public void The_markers_are_stored_with_the_diagnosis_and_read_back()
    {
        var d = TestEscalations.Create("esc-markers").Diagnosis;
        Assert.NotNull(d);
        d = d with { Verdict = d.Verdict with { AnsweredBy = Page } };

        var json = JsonSerializer.Serialize(d, ProbesJsonContext.Default.Diagnosis);
        var back = JsonSerializer.Deserialize(json, ProbesJsonContext.Default.Diagnosis)!;

        Assert.Contains("\"kind\":\"title\"", json, StringComparison.Ordinal);
        Assert.Equal(Page.Markers, back.Verdict.AnsweredBy!.Markers);
    }

    [Fact]
    public void The_status_finding_words_the_hops_markers_for_the_help_desk()
    {
        var finding = TestFindings.Of(FindingKind.HttpStatus);
        finding = finding with { Values = finding.Values! with { Hop = "Cloudflare", HopEvidence = English, HopMarkers = Page.Markers } };
        var t = DeskTexts.For("ja");

        var words = FindingWords.ForHelpDesk(finding, t);

        Assert.Contains(t.Catalogue.Format("HopEvidence_Title", "\"502 Bad gateway | Cloudflare\""), words, StringComparison.Ordinal);
        Assert.DoesNotContain("title \"", words, StringComparison.Ordinal);
    }
}
