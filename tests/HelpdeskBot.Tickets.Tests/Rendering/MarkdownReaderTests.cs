using System.Text.RegularExpressions;
using HelpdeskBot.Tickets.Rendering;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Tests.Rendering;

public sealed partial class MarkdownReaderTests
{
    [Fact]
    public void Stored_markdown_reads_back_to_the_html_of_the_original_document()
    {
        var request = TestEscalations.Create("esc-read-back") with { ReportText = "**bold** [link](http://evil) <img src=x> & \"quotes\" | pipe" };
        var document = TicketDocumentBuilder.Build(request, DeskTexts.English);

        var read = MarkdownReader.Read(MarkdownRenderer.Render(document));

        Assert.Equal(Normalise(HtmlRenderer.Render(document)), Normalise(HtmlRenderer.Render(read)));
    }

    [Fact]
    public void Hostile_markdown_stays_text_and_only_http_links_survive()
    {
        const string markdown = "<script>alert(1)</script>\n\nSee [this](javascript:alert(1)), <img src=x onerror=alert(2)>, [ok](https://status.contoso.com/) and **bold**.\n\n"
            + "| a | b |\n| --- | --- |\n| <b>x</b> | `y` |\n";

        var html = HtmlRenderer.Render(MarkdownReader.Read(markdown));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://status.contoso.com/\">ok</a>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<td>&lt;b&gt;x&lt;/b&gt;</td><td>y</td>", html, StringComparison.Ordinal);
    }

    /// <summary>Markdown keeps a bold run's trailing space outside the emphasis ("**Target:** x"): same text, same markup.</summary>
    private static string Normalise(string html) => SpaceBeforeStrongEnd().Replace(html, "</strong> ");

    [GeneratedRegex(" </strong>")]
    private static partial Regex SpaceBeforeStrongEnd();
}
