using HelpdeskBot.Conversations.Catalog;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Conversations.Tests.Understanding;

public sealed class ReportParserTests
{
    private static readonly ReportParser Parser = new(ServiceCatalogLoader.Load(Path.Combine(AppContext.BaseDirectory, "catalog", "services.yaml")));

    private readonly ITestOutputHelper _output;

    public ReportParserTests(ITestOutputHelper output) => _output = output;

    /// <summary>A corpus row: what a person wrote and what the bot must read from it.</summary>
    public sealed record Phrasing(int Line, string Text, string Intent, string Problem, string Code, string Target, string Scope, string Product)
    {
        /// <summary>A report, or a bare site the bot checks: either way the bot starts a troubleshooting flow.</summary>
        public bool StartsFlow => Intent is "Report" or "Check";
    }

    /// <param name="file">corpus.tsv (English) or corpus.&lt;language&gt;.tsv.</param>
    public static IReadOnlyList<Phrasing> Corpus(string file = "corpus.tsv")
    {
        var rows = new List<Phrasing>();
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Understanding", file));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                continue;
            }

            var c = lines[i].Split('\t');
            Assert.True(c.Length == 7, $"{file} line {i + 1} has {c.Length} columns");
            rows.Add(new Phrasing(i + 1, c[0].Replace("\\n", "\n", StringComparison.Ordinal), c[1], c[2], c[3], c[4], c[5], c[6]));
        }

        return rows;
    }

    /// <summary>What the parser read, in the corpus's words, from the row sent as Teams sends a channel message (its <c>&lt;at&gt;</c> elements mention the bot).</summary>
    internal static Phrasing Read(Phrasing row)
    {
        var p = Parser.Parse(TeamsMessages.Text(row.Text));
        var intent = p.Intent == Intent.None && p.TargetOnly ? "Check" : p.Intent.ToString();
        return row with
        {
            Intent = intent,
            Problem = p.Problem.ToString(),
            Code = p.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
            Target = p.Target ?? "-",
            Scope = p.Scope.ToString(),
            Product = p.ReportedProduct ?? "-",
        };
    }

    [Theory]
    [InlineData("wiki.contoso.comから502エラー", "wiki.contoso.com から 502 エラー")]
    [InlineData("wiki.contoso.comｶﾗ502ｴﾗｰ", "wiki.contoso.com ｶﾗ 502 ｴﾗｰ")] // half-width katakana: the same word breaks as full-width
    public void Japanese_script_is_parted_from_latin_letters_and_digits(string text, string read)
        => Assert.Equal(read, Parser.Parse(text).Text);

    [Fact]
    public void Corpus_has_at_least_400_phrasings_and_120_that_start_no_flow()
    {
        var rows = Corpus();

        Assert.True(rows.Count >= 400, $"{rows.Count} rows");
        Assert.True(rows.Count(r => !r.StartsFlow) >= 120, $"{rows.Count(r => !r.StartsFlow)} rows that start no flow");
        Assert.True(rows.Select(r => r.Text).Distinct(StringComparer.Ordinal).Count() == rows.Count, "every phrasing once");
    }

    [Fact]
    public void Corpus_precision_and_recall_of_starting_a_flow_are_at_least_98_percent()
    {
        var rows = Corpus();
        var read = rows.Select(Read).ToList();
        var truePositives = rows.Zip(read).Count(x => x.First.StartsFlow && x.Second.StartsFlow);
        var falsePositives = rows.Zip(read).Where(x => !x.First.StartsFlow && x.Second.StartsFlow).ToList();
        var falseNegatives = rows.Zip(read).Where(x => x.First.StartsFlow && !x.Second.StartsFlow).ToList();
        var precision = (double)truePositives / (truePositives + falsePositives.Count);
        var recall = (double)truePositives / (truePositives + falseNegatives.Count);

        // Of the flows both agree on, how many were read exactly (intent, problem, code, target, scope, product).
        var agreed = rows.Zip(read).Where(x => x.First.StartsFlow && x.Second.StartsFlow).ToList();
        var exact = agreed.Where(x => x.First == x.Second).ToList();
        var fieldAccuracy = (double)exact.Count / agreed.Count;
        var nonFlowExact = rows.Zip(read).Count(x => !x.First.StartsFlow && x.First == x.Second);

        _output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"corpus: {rows.Count} phrasings, {rows.Count(r => r.StartsFlow)} start a flow, {rows.Count(r => !r.StartsFlow)} do not"));
        _output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"precision {precision:P1} ({falsePositives.Count} false flows), recall {recall:P1} ({falseNegatives.Count} missed), fields of agreed flows exact {fieldAccuracy:P1}, non-flows exact {nonFlowExact}/{rows.Count(r => !r.StartsFlow)}"));
        foreach (var (expected, actual) in rows.Zip(read).Where(x => x.First != x.Second))
        {
            _output.WriteLine($"  corpus.tsv:{expected.Line} \"{expected.Text.Replace("\n", "\\n", StringComparison.Ordinal)}\"\n    expected {Describe(expected)}\n    actual   {Describe(actual)}");
        }

        Assert.True(precision >= 0.98, $"precision {precision:P1}: " + string.Join("; ", falsePositives.Select(x => $"line {x.First.Line}")));
        Assert.True(recall >= 0.98, $"recall {recall:P1}: " + string.Join("; ", falseNegatives.Select(x => $"line {x.First.Line}")));
        Assert.True(fieldAccuracy >= 0.98, $"fields of agreed flows exact {fieldAccuracy:P1}: " + string.Join("; ", agreed.Except(exact).Select(x => $"line {x.First.Line}")));
    }

    private static string Describe(Phrasing p) => $"{p.Intent} {p.Problem} {p.Code} {p.Target} {p.Scope} {p.Product}";

    [Fact]
    public void Catalogue_name_resolves_to_host_and_owning_team()
    {
        var parsed = Parser.Parse("proxy error 502 on the HR portal");

        Assert.Equal("hr.contoso.com", parsed.Target);
        Assert.Equal("HR Systems", parsed.Service?.OwningTeam);
        Assert.Equal("HR-Apps", parsed.Service?.AssignmentGroup);
    }

    [Fact]
    public void Host_typed_directly_is_matched_to_its_catalogue_entry()
    {
        Assert.Equal("Wiki", Parser.Parse("I'm getting a 502 on https://wiki.contoso.com/x").Service?.Name);
    }

    [Fact]
    public void Report_without_target_needs_one_but_all_sites_does_not()
    {
        Assert.True(Parser.Parse("I'm getting a 502").NeedsTarget);
        Assert.False(Parser.Parse("every site gives me 502").NeedsTarget);
        Assert.False(Parser.Parse("502 on wiki.contoso.com").NeedsTarget);
    }

    [Theory]
    [InlineData("the wiki is down, 502", 502)]
    [InlineData("hr.contoso.com is not loading and times out with 504", 504)]
    [InlineData("can't reach payroll, it says 503", 503)]
    [InlineData("wiki.contoso.com took too long to respond and then showed 502 bad gateway", 502)]
    public void Explicit_code_wins_over_words_about_the_site(string text, int code)
    {
        var parsed = Parser.Parse(text);

        Assert.Equal((Intent.Report, ProblemKind.HttpStatus, code), (parsed.Intent, parsed.Problem, parsed.StatusCode));
    }

    [Theory]
    [InlineData("502 on wiki.contoso.com")]
    [InlineData("wiki.contoso.com 502")]
    [InlineData("wiki.contoso.com: 502!")]
    [InlineData("wiki.contoso.com (502)")]
    [InlineData("wiki.contoso.com -> \"502\"")]
    [InlineData("on wiki.contoso.com i get [502], any idea?")]
    [InlineData("wiki.contoso.com error:502")]
    [InlineData("wiki.contoso.com,502")]
    public void Code_is_read_wherever_it_stands_and_whatever_surrounds_it(string text)
    {
        var parsed = Parser.Parse(text);

        Assert.Equal((Intent.Report, 502, "wiki.contoso.com"), (parsed.Intent, parsed.StatusCode, parsed.Target));
    }

    [Theory]
    [InlineData("my printer shows error 502")]
    [InlineData("I got 502 on my test")]
    [InlineData("call me on (502) 555-0100")]
    [InlineData("the invoice total is $502.50")]
    [InlineData("I can't reach John")]
    public void Numbers_and_words_in_sentences_not_about_a_web_page_start_nothing(string text)
    {
        var parsed = Parser.Parse(text);

        Assert.False(parsed.StartsFlow, $"{parsed.Intent} {parsed.Problem} {parsed.StatusCode}");
    }

    [Fact]
    public void Question_about_a_code_is_explained_and_asks_which_site()
    {
        var parsed = Parser.Parse("what does 502 mean?");

        Assert.Equal((Intent.Explain, 502), (parsed.Intent, parsed.StatusCode));
        Assert.False(parsed.StartsFlow);
        Assert.Contains("Bad Gateway", StatusCodeMeaning.Explain(502, UserTexts.English), StringComparison.Ordinal);
        Assert.EndsWith(UserTexts.English.WhichSiteShowsIt, StatusCodeMeaning.Explain(502, UserTexts.English), StringComparison.Ordinal);
    }

    [Fact]
    public void Pasted_error_page_is_a_report_and_keeps_the_product_it_names()
    {
        var parsed = Parser.Parse("<p>Bad Gateway</p><p>The proxy server received an invalid response from an upstream server.</p><p>Apache/2.4.57 (Debian) Server at wiki.contoso.com Port 443</p>");

        Assert.Equal((Intent.Report, 502, "wiki.contoso.com", "Apache httpd"), (parsed.Intent, parsed.StatusCode, parsed.Target, parsed.ReportedProduct));
    }

    [Fact]
    public void A_sentence_that_mentions_a_site_is_not_a_request_to_check_it()
    {
        Assert.True(Parser.Parse("wiki.contoso.com").StartsFlow);
        Assert.True(Parser.Parse("it's the HR portal").StartsFlow);
        var mention = Parser.Parse("I shared the link to wiki.contoso.com in the channel");
        Assert.Equal("wiki.contoso.com", mention.Target);
        Assert.False(mention.StartsFlow);
    }

    [Fact]
    public void A_colleagues_mention_stays_a_name_in_the_report_and_the_bots_goes()
    {
        var parsed = Parser.Parse(TeamsMessages.Text("<p><at>HelpdeskBot</at> <at>Jane Doe</at> and I get a 502 on <a href=\"https://wiki.contoso.com/x\">the wiki</a></p>", "Jane Doe"));

        Assert.Equal((Intent.Report, 502, "https://wiki.contoso.com/x"), (parsed.Intent, parsed.StatusCode, parsed.Target));
        Assert.Equal("Jane Doe and I get a 502 on the wiki", parsed.Text);
    }

    /// <summary>The inputs that pinned a CPU for minutes (issue 12): repeated codes, one symbol 200,000 times, deep HTML.</summary>
    public static TheoryData<string> WorstInputs() => new(PathologicalTexts.Names);

    [Theory]
    [MemberData(nameof(WorstInputs))]
    public async Task Worst_inputs_are_answered(string name)
    {
        var text = PathologicalTexts.Text(name);

        // A generous guard: a regression fails here instead of hanging the run (speed itself is the benchmark's job).
        var parsed = await Task.Run(() => Parser.Parse(TeamsMessages.Text(text))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(parsed.Text.Length <= ReportParser.MaxTextLength, $"{parsed.Text.Length} characters kept");
    }

    [Fact]
    public void Html_nested_deep_within_the_read_limit_is_still_understood()
    {
        var parsed = Parser.Parse(string.Concat(Enumerable.Repeat("<div>", 1000)) + "502 on wiki.contoso.com" + string.Concat(Enumerable.Repeat("</div>", 1000)));

        Assert.Equal((Intent.Report, 502, "wiki.contoso.com"), (parsed.Intent, parsed.StatusCode, parsed.Target));
    }

    [Fact]
    public void Invalid_catalogue_names_file_and_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "services:\n  - name: A\n    host: a.contoso.com\n    aliases: [portal]\n  - name: B\n    host: b.contoso.com\n    aliases: [portal]\n  - name: C\n");
        try
        {
            var ex = Assert.Throws<ServiceCatalogValidationException>(() => ServiceCatalogLoader.Load(path));
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
            Assert.Contains("alias 'portal' is also used by 'A'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("services[2] (C): missing or invalid host", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
