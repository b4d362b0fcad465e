using System.Globalization;
using HelpdeskBot.Conversations.Localization;

namespace HelpdeskBot.Conversations.Tests.Understanding;

/// <summary>
/// The corpus of each non-English language (corpus.&lt;language&gt;.tsv): problem reports, status words, "which site"
/// answers, commands, and a third that must start nothing. Precision and recall of starting a flow, per language.
/// </summary>
public sealed class MultilingualCorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string> OtherLanguages => new(Languages.Shipped.Skip(1));

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void A_language_has_at_least_60_phrasings_and_a_third_that_start_no_flow(string language)
    {
        var rows = ReportParserTests.Corpus($"corpus.{language}.tsv");

        Assert.True(rows.Count >= 60, $"{rows.Count} rows");
        Assert.True(rows.Count(r => !r.StartsFlow) * 3 >= rows.Count, $"{rows.Count(r => !r.StartsFlow)} of {rows.Count} start no flow");
        Assert.Equal(rows.Count, rows.Select(r => r.Text).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void Precision_and_recall_of_starting_a_flow_are_at_least_95_percent(string language)
    {
        var rows = ReportParserTests.Corpus($"corpus.{language}.tsv");
        var read = rows.Select(ReportParserTests.Read).ToList();
        var pairs = rows.Zip(read).ToList();
        var truePositives = pairs.Count(x => x.First.StartsFlow && x.Second.StartsFlow);
        var falsePositives = pairs.Where(x => !x.First.StartsFlow && x.Second.StartsFlow).ToList();
        var falseNegatives = pairs.Where(x => x.First.StartsFlow && !x.Second.StartsFlow).ToList();
        var precision = (double)truePositives / Math.Max(1, truePositives + falsePositives.Count);
        var recall = (double)truePositives / Math.Max(1, truePositives + falseNegatives.Count);
        var agreed = pairs.Where(x => x.First.StartsFlow && x.Second.StartsFlow).ToList();
        var exact = agreed.Count(x => x.First == x.Second);
        var commandsExact = pairs.Count(x => !x.First.StartsFlow && x.First == x.Second);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{language}: {rows.Count} phrasings ({rows.Count(r => !r.StartsFlow)} start no flow): precision {precision:P1} ({falsePositives.Count} false flows), recall {recall:P1} ({falseNegatives.Count} missed), fields of agreed flows exact {exact}/{agreed.Count}, non-flows exact {commandsExact}/{rows.Count(r => !r.StartsFlow)}"));
        foreach (var (expected, actual) in pairs.Where(x => x.First != x.Second))
        {
            output.WriteLine($"  corpus.{language}.tsv:{expected.Line} \"{expected.Text}\"\n    expected {expected}\n    actual   {actual}");
        }

        Assert.True(precision >= 0.95, $"{language} precision {precision:P1}: " + string.Join("; ", falsePositives.Select(x => $"line {x.First.Line}")));
        Assert.True(recall >= 0.95, $"{language} recall {recall:P1}: " + string.Join("; ", falseNegatives.Select(x => $"line {x.First.Line}")));
    }
}
