using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using HelpdeskBot.Observability;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// docs/observability.md matches the code: every instrument and span its tables name, with every tag, is emitted by
/// real reports through /api/messages (a MeterListener and an ActivityListener on the HelpdeskBot meter and source),
/// and no tag value outside a documented list is recorded.
/// </summary>
[Collection(ProcessWideTelemetryCollection.Name)]
public sealed partial class ObservabilityDocTests
{
    private const string Source = "HelpdeskBot";
    private const string Nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

    [Fact]
    public async Task Every_instrument_span_and_tag_the_doc_names_is_emitted_by_real_reports()
    {
        var doc = File.ReadAllText(RepositoryRoot.Combine("docs", "observability.md"));
        var instruments = DocumentedInstruments(doc);
        var documentedSpans = DocumentedSpans(doc);
        Assert.True(instruments.Count >= 9 && documentedSpans.Count >= 7, "the doc's tables were not read");

        using var measurements = new MeasurementRecorder();
        var spans = new SpanSink();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        await using var failing = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.StatusCode = 502;
            ctx.Response.Headers.Server = "nginx/1.22.1";
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync(Nginx502);
        }));
        await using var healthy = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("<html><head><title>Wiki</title></head><body>ok</body></html>")));
        using var certificate = SelfSigned();
        await using var https = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("<html><head><title>Wiki</title></head><body>ok</body></html>")), certificate: certificate);
        ConversationHost.AllowPort(failing.Port);
        ConversationHost.AllowPort(healthy.Port);
        ConversationHost.AllowPort(https.Port);
        await using var host = await ConversationHost.StartAsync();
        var timeout = TimeSpan.FromSeconds(30);

        // 0. "help", answered in the turn by the retrying connector client: throttled once, it retries.
        host.Connector.FailNext(429, TimeSpan.Zero);
        await host.SayAsync("help", conversationId: "a:doc-help");
        await host.Connector.WaitForRequestsAsync(2);

        // 1. A site failing server-side: probes, escalation, ticket, outbox dispatch.
        await host.SayAsync($"I'm getting a 502 on {failing.BaseAddress}", conversationId: "a:doc-escalated");
        await host.WaitForCardAsync("Ticket HD-");
        await spans.WaitForAsync(s => s.OperationName == "outbox.dispatch", timeout);

        // 2. A healthy site: a troubleshooting step shown to the user.
        await host.SayAsync($"bad gateway when I open {healthy.BaseAddress}wiki", userId: "29:bea", userName: "Bea", conversationId: "a:doc-steps");
        await host.WaitForCardAsync("Step 1");

        // 3. An https site (self-signed): the TLS handshake.
        await host.SayAsync($"I'm getting a 502 on https://127.0.0.1:{https.Port}/", userId: "29:dee", userName: "Dee", conversationId: "a:doc-tls");
        await spans.WaitForAsync(s => s.OperationName == "probe.tls" && s.GetTagItem("tls.protocol.version") is not null, timeout);

        // 4. A host name: DNS, asked of the closed loopback "system resolver" ConversationHost configures.
        await host.SayAsync("wiki.contoso.com is down", userId: "29:cam", userName: "Cam", conversationId: "a:doc-dns");
        await spans.WaitForAsync(s => s.OperationName == "probe.dns" && (string?)s.GetTagItem("server.address") == "wiki.contoso.com", timeout);

        // The backlog gauge reports what it last counted.
        await host.Services.GetRequiredService<OutboxBacklogGauge>().RefreshAsync(CancellationToken.None);
        measurements.RecordObservables();

        var problems = new List<string>();
        foreach (var (name, tags) in instruments)
        {
            var seen = measurements.Of(name);
            if (seen.Count == 0)
            {
                problems.Add($"instrument {name}: never recorded");
                continue;
            }

            foreach (var (tag, values) in tags)
            {
                var recorded = seen.Select(m => m.GetValueOrDefault(tag)).Where(v => v is not null).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!).ToHashSet();
                if (recorded.Count == 0)
                {
                    problems.Add($"instrument {name}: tag {tag} never recorded");
                }
                else if (values is not null && recorded.Except(values).ToList() is { Count: > 0 } undocumented)
                {
                    problems.Add($"instrument {name}: tag {tag} recorded as {string.Join(", ", undocumented)}, the doc lists {string.Join(", ", values)}");
                }
            }
        }

        var ended = spans.Snapshot();
        foreach (var (names, tags) in documentedSpans)
        {
            var ofRow = ended.Where(s => names.Contains(s.OperationName)).ToList();
            problems.AddRange(names.Where(n => ofRow.All(s => s.OperationName != n)).Select(n => $"span {n}: never started"));
            problems.AddRange(tags.Where(t => !ofRow.Any(s => s.GetTagItem(t) is not null)).Select(t => $"span {string.Join('/', names)}: tag {t} never set"));
        }

        Assert.True(problems.Count == 0, "docs/observability.md names what the code does not emit:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Tag_lists_are_read_with_their_values_and_shorthand_names()
    {
        var instruments = DocumentedInstruments("""
            ## Instruments (x)

            | instrument | kind | tags | recorded by |
            |---|---|---|---|
            | `a.b` (s) | histogram | `phase` (dns, tcp), `kind` (VerdictKind name), `type` (message, …) | x |
            """);
        var (name, tags) = Assert.Single(instruments);
        Assert.Equal("a.b", name);
        Assert.Equal(["dns", "tcp"], tags["phase"]);
        Assert.Null(tags["kind"]);
        Assert.Null(tags["type"]);

        var spans = DocumentedSpans("""
            ## Correlation: x

            | span | started by | parent | tags |
            |---|---|---|---|
            | ASP.NET Core `POST /api/messages` | instrumentation | | |
            | `probe.tcp`, `probe.tls` | x (y) | z | `network.peer.address`, `.port` (`value`), `helpdeskbot.case_id`, `.ticket.number`, `.escalation_id` |
            """);
        var (names, spanTags) = Assert.Single(spans);
        Assert.Equal(["probe.tcp", "probe.tls"], names);
        Assert.Equal(["network.peer.address", "network.peer.port", "helpdeskbot.case_id", "helpdeskbot.ticket.number", "helpdeskbot.escalation_id"], spanTags);
    }

    /// <summary>
    /// The instruments table: name → tag → its documented values (null when the doc gives an open list, "…", or a
    /// description instead of values).
    /// </summary>
    private static Dictionary<string, Dictionary<string, IReadOnlyList<string>?>> DocumentedInstruments(string doc)
    {
        var result = new Dictionary<string, Dictionary<string, IReadOnlyList<string>?>>(StringComparer.Ordinal);
        foreach (var row in Rows(doc, "## Instruments"))
        {
            var tags = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal);
            foreach (Match m in TagWithValues().Matches(row[2]))
            {
                var values = m.Groups[2].Success ? m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries) : null;
                tags[m.Groups[1].Value] = values is not null && values.All(v => PlainValue().IsMatch(v)) ? values : null;
            }

            result[Backticked().Match(row[0]).Groups[1].Value] = tags;
        }

        return result;
    }

    /// <summary>The spans table: the span names of each row our code starts, and their tags with ".x" shorthand expanded.</summary>
    private static List<(string[] Names, List<string> Tags)> DocumentedSpans(string doc)
    {
        var result = new List<(string[], List<string>)>();
        foreach (var row in Rows(doc, "## Correlation"))
        {
            if (row[1] == "instrumentation")
            {
                continue;
            }

            var names = Backticked().Matches(row[0]).Select(m => m.Groups[1].Value).ToArray();
            var tags = new List<string>();
            var stem = "";
            foreach (Match m in Backticked().Matches(Parenthesised().Replace(row[3], "")))
            {
                var tag = m.Groups[1].Value;
                if (tag.StartsWith('.'))
                {
                    tag = stem + tag;
                }
                else
                {
                    // `.x` after a full name continues that name's namespace: helpdeskbot.dns.resolvers, `.addresses`.
                    stem = tag[..tag.LastIndexOf('.')];
                }

                tags.Add(tag);
            }

            result.Add((names, tags));
        }

        return result;
    }

    /// <summary>The body rows of the first table after <paramref name="heading"/>, as trimmed cells.</summary>
    private static IEnumerable<string[]> Rows(string doc, string heading)
    {
        var start = doc.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{heading}' section");
        return doc[start..].Split('\n')
            .SkipWhile(l => !l.StartsWith('|'))
            .TakeWhile(l => l.StartsWith('|'))
            .Skip(2)
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray());
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"`([a-z_.]+)`(?:\s*\(([^)]*)\))?")]
    private static partial Regex TagWithValues();

    [GeneratedRegex(@"^[A-Za-z0-9_]+$")]
    private static partial Regex PlainValue();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesised();

    /// <summary>Every measurement on the HelpdeskBot meter while it lives, as its tags, per instrument name.</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, ConcurrentBag<Dictionary<string, object?>>> _seen = new();

        public MeasurementRecorder()
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Source)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, _, tags, _) => Add(i, tags));
            _listener.SetMeasurementEventCallback<int>((i, _, tags, _) => Add(i, tags));
            _listener.SetMeasurementEventCallback<double>((i, _, tags, _) => Add(i, tags));
            _listener.Start();
        }

        public IReadOnlyList<Dictionary<string, object?>> Of(string instrument) => _seen.TryGetValue(instrument, out var bag) ? [.. bag] : [];

        public void RecordObservables() => _listener.RecordObservableInstruments();

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            _seen.GetOrAdd(instrument.Name, _ => []).Add(new Dictionary<string, object?>(tags.ToArray(), StringComparer.Ordinal));
    }
}
