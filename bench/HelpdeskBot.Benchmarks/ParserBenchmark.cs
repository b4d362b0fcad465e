using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using HelpdeskBot.Conversations.Catalog;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Benchmarks;

/// <summary>
/// The text pipeline on messages from 1 KB to the 256 KB body limit (issue 12 item 1): the turn's text read from the
/// activity (Protocol's <see cref="TurnText"/>: the bot's mention and the HTML removed, links collected), then the
/// report parser on it. Shapes: the attack's "502 " repeated, one symbol repeated, Teams HTML, and ordinary prose. The
/// "per KB" column is the mean divided by the message size: flat up to the read limit, falling beyond it (the rest of
/// the message is never read).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PerKilobyteConfig))]
public class ParserBenchmark
{
    private readonly ReportParser _parser = new(new ServiceCatalog(
    [
        new ServiceEntry("HR portal", ["hr portal", "hr site"], "hr.contoso.com", null, "HR Systems", null, null),
        new ServiceEntry("Wiki", ["wiki", "the wiki", "confluence"], "wiki.contoso.com", null, "Collaboration", null, null),
        new ServiceEntry("Expenses", ["expenses", "expense tool"], "expenses.contoso.com", null, "Finance Systems", null, null),
    ]));

    private Activity _message = new();

    /// <summary>28 KB is about the longest message Teams accepts; 256 KB is the bot's body limit.</summary>
    [Params(1, 4, 16, 28, 64, 256)]
    public int Kilobytes { get; set; }

    [Params("502s", "symbol", "html", "prose")]
    public string Shape { get; set; } = "502s";

    [GlobalSetup]
    public void Setup()
    {
        var unit = Shape switch
        {
            "502s" => "502 ",
            "symbol" => "<",
            "html" => "<div><p>I'm getting a <b>502</b> on <a href=\"https://wiki.contoso.com/x?y=1\">wiki.contoso.com</a></p></div>",
            _ => "Hi, since this morning the wiki keeps failing for me and a colleague, we tried two browsers and a restart. ",
        };
        var chars = Kilobytes * 1024;
        _message = new Activity
        {
            Type = ActivityTypes.Message,
            Text = string.Concat(Enumerable.Repeat(unit, (chars / unit.Length) + 1))[..chars],
            Recipient = new ChannelAccount { Id = "28:bot", Name = "HelpdeskBot" },
            Entities = [new Entity { Type = Entity.MentionType, Text = "<at>HelpdeskBot</at>", Mentioned = new ChannelAccount { Id = "28:bot", Name = "HelpdeskBot" } }],
        };
    }

    [Benchmark]
    public Intent Parse() => _parser.Parse(TurnText.Of(_message)).Intent;

    private sealed class PerKilobyteConfig : ManualConfig
    {
        public PerKilobyteConfig() => AddColumn(new PerKilobyteColumn());
    }

    private sealed class PerKilobyteColumn : IColumn
    {
        public string Id => "PerKB";

        public string ColumnName => "per KB";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Statistics;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Time;

        public string Legend => "Mean time divided by the message size in KB";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            var kb = Convert.ToDouble(benchmarkCase.Parameters["Kilobytes"], CultureInfo.InvariantCulture);
            return mean is { } ns ? string.Create(CultureInfo.InvariantCulture, $"{ns / kb / 1000:0.00} μs") : "-";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
