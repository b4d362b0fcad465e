using HelpdeskBot.Conversations.Catalog;
using HelpdeskBot.Conversations.Understanding;

namespace HelpdeskBot.Conversations.Tests.Understanding;

public sealed class ReportParserTests
{
    private static readonly ReportParser Parser = new(ServiceCatalogLoader.Load(Path.Combine(AppContext.BaseDirectory, "catalog", "services.yaml")));

    public static TheoryData<int, string, string, string, string, string, string> Corpus()
    {
        var data = new TheoryData<int, string, string, string, string, string, string>();
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Understanding", "corpus.tsv"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                continue;
            }

            var c = lines[i].Split('\t');
            Assert.True(c.Length == 6, $"corpus.tsv line {i + 1} has {c.Length} columns");
            data.Add(i + 1, c[0], c[1], c[2], c[3], c[4], c[5]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Parses_corpus_phrasing(int line, string text, string intent, string problem, string code, string target, string scope)
    {
        var parsed = Parser.Parse(text);

        var expected = $"{intent} {problem} {code} {target} {scope}";
        var actual = $"{parsed.Intent} {parsed.Problem} {parsed.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {parsed.Target ?? "-"} {parsed.Scope}";
        Assert.True(expected == actual, $"corpus.tsv:{line} \"{text}\"\n expected {expected}\n actual   {actual}");
    }

    [Fact]
    public void Corpus_has_at_least_150_phrasings_including_non_matches()
    {
        var rows = Corpus().Select(r => (string)r[2]).ToList();
        Assert.True(rows.Count >= 150, $"{rows.Count} rows");
        Assert.True(rows.Count(r => r == "None") >= 25);
    }

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
