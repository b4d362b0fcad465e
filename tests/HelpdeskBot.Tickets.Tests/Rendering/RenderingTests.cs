using System.Text.Json.Nodes;
using HelpdeskBot.Tickets.Rendering;
using HelpdeskBot.Tickets.Tests.Fakes;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Tests.Rendering;

public sealed class RenderingTests
{
    [Theory]
    [InlineData(1, "502 Bad Gateway on wiki.contoso.com — 1 user affected")]
    [InlineData(3, "502 Bad Gateway on wiki.contoso.com — 3 users affected")]
    public void Title_names_status_target_and_affected_users(int users, string expected)
        => Assert.Equal(expected, TicketTitle.Build(TestEscalations.Create("esc-title"), users, DeskTexts.English));

    [Fact]
    public void Title_without_a_status_uses_the_problem_and_fits_ServiceNow()
    {
        var request = TestEscalations.Create("esc-long") with { StatusCode = null, Diagnosis = null, ProblemTitle = new string('x', 400) };

        var title = TicketTitle.Build(request, 12, DeskTexts.English);

        Assert.True(title.Length <= TicketTitle.MaxLength);
        Assert.EndsWith("— 12 users affected", title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_title_never_names_the_200_a_check_that_saw_the_site_work_got()
    {
        var request = TestEscalations.Create("esc-healthy");
        request = request with
        {
            StatusCode = null,
            Diagnosis = request.Diagnosis! with { Verdict = request.Diagnosis.Verdict with { Kind = HelpdeskBot.Probes.Diagnosis.VerdictKind.Healthy, StatusCode = 200, AnsweredBy = null } },
        };

        Assert.Equal(DeskTexts.English.TitleOn(DeskTexts.English.TitleSiteProblem, "wiki.contoso.com") + " — 1 user affected", TicketTitle.Build(request, 1, DeskTexts.English));
    }

    [Fact]
    public void Body_holds_reporter_verdict_evidence_steps_routing_and_the_Teams_link()
    {
        var markdown = MarkdownRenderer.Render(TicketDocumentBuilder.Build(TestEscalations.Create("esc-body"), DeskTexts.English));

        foreach (var expected in new[]
        {
            "Ada Lovelace", "ada@contoso.com", "00000000-0000", "tenant-1", "2026-11-25 09:58:00 UTC",
            "502 from nginx in front of wiki.contoso.com", "server-side probes show the fault",
            "127.0.0.53", "timeout: no answer in 2 s", "connected", "TLS 1.3", "nginx (a gateway)", "51 ms",
            "Hard refresh", "Still broken", "windows", "high / medium", "Collaboration", "Collab-L2", "Web",
            "https://teams.microsoft.com/l/message/19:abc/1700000000000", "`esc-body`",
        })
        {
            Assert.Contains(expected, markdown, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("do-not-copy", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Tls13", markdown, StringComparison.Ordinal); // .NET's name for the protocol, not the reader's
    }

    [Theory]
    [InlineData("en", "Protocol", "HTTP/1.1 check")]
    [InlineData("fr", "Protocole", "Contrôle en HTTP/1.1")]
    public void The_http1_check_is_listed_as_the_check_with_each_rows_protocol(string language, string column, string label)
    {
        // A healthy h2 site: two attempts over h2 (the verdict counts 2) and the HTTP/1.1 check made beside them.
        var request = TestEscalations.Create("esc-check");
        var attempt = request.Diagnosis!.Http[0] with { StatusCode = 200, AnsweredBy = null, Protocol = "h2" };
        var diagnosis = request.Diagnosis with
        {
            Verdict = request.Diagnosis.Verdict with { Kind = HelpdeskBot.Probes.Diagnosis.VerdictKind.Healthy, StatusCode = 200, FailedAttempts = 0, TotalAttempts = 2 },
            Http = [attempt, attempt with { Attempt = 2 }, attempt with { Attempt = 3, Protocol = "http/1.1", ProtocolCheck = true }],
        };

        var markdown = MarkdownRenderer.Render(TicketDocumentBuilder.Build(request with { Diagnosis = diagnosis }, DeskTexts.For(language)));

        var rows = markdown.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Select(l => l.Split('|', StringSplitOptions.TrimEntries)).ToList();
        var header = rows.Single(r => r.Contains("DNS") && r.Contains("TLS"));
        var protocol = Array.IndexOf(header, column);
        Assert.True(protocol > 0, $"no {column} column in the HTTP table");
        var http = rows.Where(r => r.Length == header.Length && (r[1] is "1" or "2" || r[1] == label)).ToList();
        Assert.Equal([("1", "HTTP/2"), ("2", "HTTP/2"), (label, "HTTP/1.1")], http.Select(r => (r[1], r[protocol])));
        // The Via column words how each went in the help desk's language, not by the wire word "direct".
        var t = DeskTexts.For(language);
        var via = Array.IndexOf(header, t.TicketVia);
        Assert.All(http, r => Assert.Equal(t.Catalogue.Get("Via_Direct"), r[via]));
        Assert.DoesNotContain(rows, r => r[1] == "3");
    }

    [Fact]
    public void Html_encodes_everything_the_user_or_the_probed_site_wrote()
    {
        var request = TestEscalations.Create("esc-xss") with { ReportText = "<script>alert(1)</script> & \"quotes\"" };

        var html = HtmlRenderer.Render(TicketDocumentBuilder.Build(request, DeskTexts.English));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_neutralises_markup_in_user_text()
    {
        var request = TestEscalations.Create("esc-md") with { ReportText = "**bold** [link](http://evil) <img src=x>" };

        var markdown = MarkdownRenderer.Render(TicketDocumentBuilder.Build(request, DeskTexts.English));

        Assert.Contains("\\*\\*bold\\*\\* \\[link\\](http://evil) \\<img src=x\\>", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Adf_is_a_valid_version_1_document_with_tables_and_links()
    {
        var adf = AdfRenderer.Render(TicketDocumentBuilder.Build(TestEscalations.Create("esc-adf"), DeskTexts.English));

        Assert.Null(Adf.Problem(adf));
        var json = adf.ToJsonString();
        Assert.Contains("\"type\":\"table\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"link\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"strong\"", json, StringComparison.Ordinal);
        Assert.Equal("doc", adf["type"]!.GetValue<string>());
        Assert.IsType<JsonArray>(adf["content"]);
    }

    [Theory]
    [InlineData("https://Wiki.Contoso.com/path?q=1", "wiki.contoso.com")]
    [InlineData("wiki.contoso.com", "wiki.contoso.com")]
    [InlineData("http://wiki.contoso.com:8080/", "wiki.contoso.com:8080")]
    public void Target_key_groups_by_host_and_non_default_port(string target, string key)
        => Assert.Equal(key, TargetKey.Of(TestEscalations.Create("esc-key") with { Target = target, Diagnosis = null }));
}
