using System.Diagnostics;
using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Observability;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Protocol.Hosting;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>The host's OpenTelemetry pipeline exports HelpdeskBot's metrics and spans (in-memory exporters) and serves Prometheus.</summary>
/// <remarks>
/// Not run in parallel with other hosts: a MeterProvider listens process-wide, and OpenTelemetry merges same-named
/// instruments of every live host into one stream, so another test's host would overwrite this host's backlog gauge.
/// </remarks>
[Collection(ProcessWideTelemetryCollection.Name)]
public sealed class ObservabilityTests
{
    [Fact]
    public async Task Metrics_recorded_on_the_shared_meter_reach_the_exporter()
    {
        var metrics = new List<MetricSnapshot>();
        // The dispatcher is off so the queued escalation stays Pending while the gauge reads it (else it races the send).
        await using var host = new ShipHost(
            settings: new Dictionary<string, string?> { ["Tickets:Outbox:Enabled"] = "false" },
            services: s => s.ConfigureOpenTelemetryMeterProvider(b => b.AddInMemoryExporter(metrics)));
        using var client = host.Client();
        // A unique runbook id keeps these figures apart from anything another test records on the shared meter.
        var runbook = "runbook-" + Guid.NewGuid().ToString("N");

        // The exporter pipeline, fed by hand here; that the real code records these is asserted by the flow tests
        // (TroubleshootingFlowTests) and DiagnosisMetricsTests with a MeterListener.
        ProtocolTelemetry.ActivitiesReceived.Add(1, new KeyValuePair<string, object?>("type", "message"));
        ProtocolTelemetry.ActivitiesReceived.Add(2, new KeyValuePair<string, object?>("type", "invoke"));
        ProbeTelemetry.ProbeDuration.Record(0.012, new("phase", "dns"), new("outcome", "ok"));
        ProbeTelemetry.ProbeDuration.Record(0.25, new("phase", "http"), new("outcome", "failed"));
        ProbeTelemetry.Verdicts.Add(1, new KeyValuePair<string, object?>("kind", "UpstreamFailing"));
        ConversationTelemetry.StepsReached.Add(1, new("runbook", runbook), new("step", "hard-refresh"));
        ConversationTelemetry.StepsReached.Add(1, new("runbook", runbook), new("step", "other-browser"));
        ConversationTelemetry.CaseOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", "escalated"));
        ConversationTelemetry.Escalations.Add(1, new KeyValuePair<string, object?>("reason", "StepsExhausted"));
        ProtocolTelemetry.ConnectorRetries.Add(1, new("client", "connector"), new("reason", "429"));
        var outbox = host.Services.GetRequiredService<IOutboxStore>();
        await outbox.EnqueueAsync(Escalation("e-metrics"), DashboardSeed.Now, CancellationToken.None);
        await host.Services.GetRequiredService<OutboxBacklogGauge>().RefreshAsync(CancellationToken.None);
        Assert.True((await client.GetAsync("health/ready")).IsSuccessStatusCode);

        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));

        Assert.True(Sum(metrics, "helpdeskbot.activities.received", ("type", "invoke")) >= 2);
        Assert.True(Sum(metrics, "helpdeskbot.verdicts", ("kind", "UpstreamFailing")) >= 1);
        Assert.Equal(2, Sum(metrics, "helpdeskbot.steps.reached", ("runbook", runbook)));
        Assert.True(Sum(metrics, "helpdeskbot.case.outcomes", ("outcome", "escalated")) >= 1);
        Assert.True(Sum(metrics, "helpdeskbot.escalations", ("reason", "StepsExhausted")) >= 1);
        Assert.True(Sum(metrics, "helpdeskbot.connector.retries", ("reason", "429")) >= 1);
        Assert.True(HistogramCount(metrics, "helpdeskbot.probe.duration", ("phase", "http")) >= 1);
        // Every host in this process has its own gauge (other tests' hosts report their own outboxes): this host's shows 1.
        Assert.Contains(1L, GaugeValues(metrics, OutboxBacklogGauge.OutboxBacklogName, ("state", "Pending")));
        Assert.Contains(0L, GaugeValues(metrics, OutboxBacklogGauge.OutboxBacklogName, ("state", "Parked")));
        // ASP.NET Core's own instruments are on too.
        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");
    }

    [Fact]
    public async Task A_502_report_is_one_trace_from_the_Teams_activity_through_the_probes_to_the_ticket()
    {
        var spans = new SpanSink();
        await using var site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.StatusCode = 502;
            ctx.Response.Headers.Server = "nginx/1.22.1";
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n");
        }));
        ConversationHost.AllowPort(site.Port);
        var logs = new FakeLogCollector();
        await using var host = await ConversationHost.StartAsync(services: s =>
        {
            s.ConfigureOpenTelemetryTracerProvider(b => b.AddInMemoryExporter(spans));
            s.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs)));
        });
        // The ActivitySource is process-wide: a conversation id of its own tells this test's spans from the others'.
        var conversationId = "a:trace-" + Guid.NewGuid().ToString("N");
        var message = host.Message($"I'm getting a 502 on {site.BaseAddress}", conversationId: conversationId);
        var activityId = (string)message["id"]!;

        using (await host.PostAsync(message))
        {
        }

        var (card, _, _) = await host.WaitForCardAsync("Ticket HD-");
        var timeout = TimeSpan.FromSeconds(20);

        // 1. The turn: Teams ids, and the case id learnt while handling it.
        var turn = await spans.WaitForAsync(s => s.OperationName == "teams.turn" && (string?)s.GetTagItem(ProtocolTelemetry.TeamsConversationId) == conversationId, timeout);
        Assert.Equal(activityId, turn.GetTagItem(ProtocolTelemetry.TeamsActivityId));
        Assert.Equal("message", turn.GetTagItem(ProtocolTelemetry.ActivityType));
        var caseId = Assert.IsType<string>(turn.GetTagItem(ConversationTelemetry.CaseId));
        var traceId = turn.TraceId;

        // 2. The background diagnosis continues the turn's trace (it ran after the HTTP request had ended).
        var diagnose = await spans.WaitForAsync(s => s.OperationName == "case.diagnose" && (string?)s.GetTagItem(ConversationTelemetry.CaseId) == caseId, timeout);
        Assert.Equal(traceId, diagnose.TraceId);
        Assert.Equal(turn.SpanId, diagnose.ParentSpanId);
        var probe = await spans.WaitForAsync(s => s.OperationName == "probe.diagnose" && s.ParentSpanId == diagnose.SpanId, timeout);
        Assert.Equal(traceId, probe.TraceId);
        Assert.Equal("UpstreamFailing", probe.GetTagItem(ProbeTelemetry.Verdict));
        Assert.Equal(true, probe.GetTagItem("helpdeskbot.verdict.server_side_fault"));

        // 3. One span per HTTP attempt (3 configured), each with its connect phase under it.
        var attempts = spans.Snapshot().Where(s => s.OperationName == "probe.http" && s.ParentSpanId == probe.SpanId).ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => (int)a.GetTagItem("helpdeskbot.probe.attempt")!).Order());
        Assert.All(attempts, a => Assert.Equal(502, a.GetTagItem("http.response.status_code")));
        Assert.All(attempts, a => Assert.Equal(ActivityStatusCode.Error, a.Status));
        Assert.All(attempts, a => Assert.Contains(spans.Snapshot(), c => c.OperationName == "probe.tcp" && c.ParentSpanId == a.SpanId && (string?)c.GetTagItem("helpdeskbot.probe.outcome") == "connected"));

        // 4. The outbox dispatch, later and on the dispatcher's thread, is in the same trace and names the ticket.
        var dispatch = await spans.WaitForAsync(s => s.OperationName == "outbox.dispatch" && (string?)s.GetTagItem(ConversationTelemetry.CaseId) == caseId, timeout);
        Assert.Equal(traceId, dispatch.TraceId);
        Assert.Equal(diagnose.SpanId, dispatch.ParentSpanId);
        Assert.Equal("esc-" + caseId, dispatch.GetTagItem(TicketsTelemetry.EscalationId));
        Assert.Equal("Embedded", dispatch.GetTagItem(TicketsTelemetry.TicketProvider));
        var number = Assert.IsType<string>(dispatch.GetTagItem(TicketsTelemetry.TicketNumber));
        Assert.Contains($"Ticket {number}", ConversationHost.Json(card), StringComparison.Ordinal);

        // 5. The ticket tells the agent what to search the logs and traces by.
        var ticket = await host.Services.GetRequiredService<IEmbeddedTicketStore>().GetAsync(number, CancellationToken.None);
        Assert.NotNull(ticket);
        Assert.Contains(caseId, ticket.DescriptionMarkdown, StringComparison.Ordinal);
        Assert.Contains(traceId.ToHexString(), ticket.DescriptionMarkdown, StringComparison.Ordinal);

        // 6. The background work's log lines carry the case id (and the dispatcher's the escalation id) and the trace id.
        var dispatcherLine = logs.GetSnapshot().First(r => r.Category != null && r.Category.EndsWith("OutboxDispatcher", StringComparison.Ordinal) && r.Message.Contains(number, StringComparison.Ordinal));
        Assert.Equal(caseId, Scoped(dispatcherLine, "CaseId"));
        Assert.Equal("esc-" + caseId, Scoped(dispatcherLine, "EscalationId"));
        Assert.Equal(traceId.ToHexString(), Scoped(dispatcherLine, "TraceId"));
        var diagnosisLine = logs.GetSnapshot().First(r => r.Category != null && r.Category.EndsWith("CaseService", StringComparison.Ordinal) && Scoped(r, "CaseId") == caseId);
        Assert.Equal(traceId.ToHexString(), Scoped(diagnosisLine, "TraceId"));

        // No names or message text on any span of the chain: ids only.
        foreach (var span in spans.Snapshot().Where(s => s.TraceId == traceId))
        {
            Assert.DoesNotContain(span.TagObjects, t => t.Value is string v && (v.Contains("Alex", StringComparison.Ordinal) || v.Contains("I'm getting", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Prometheus_endpoint_serves_the_metrics_when_enabled()
    {
        await using var host = new ShipHost(new Dictionary<string, string?> { ["Observability:Prometheus:Enabled"] = "true" });
        using var client = host.Client();
        ConversationTelemetry.Escalations.Add(1, new KeyValuePair<string, object?>("reason", "UserRequested"));
        using var response = await client.GetAsync("metrics");
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("helpdeskbot_escalations_total{", text, StringComparison.Ordinal);
        Assert.Contains("reason=\"UserRequested\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prometheus_endpoint_is_absent_by_default()
    {
        await using var host = new ShipHost();
        using var client = host.Client();
        using var response = await client.GetAsync("metrics");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>A value from the record's scopes (ours, and the host's activity-tracking scope with TraceId).</summary>
    private static string? Scoped(FakeLogRecord record, string key) =>
        record.Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(s => s).Where(p => p.Key == key).Select(p => p.Value?.ToString()).LastOrDefault();

    private static long Sum(List<MetricSnapshot> metrics, string name, (string Key, string Value) tag) =>
        Points(metrics, name, tag).Sum(p => p.GetSumLong());

    private static List<long> GaugeValues(List<MetricSnapshot> metrics, string name, (string Key, string Value) tag) =>
        Points(metrics, name, tag, newestOnly: false).Select(p => p.GetGaugeLastValueLong()).ToList();

    private static long HistogramCount(List<MetricSnapshot> metrics, string name, (string Key, string Value) tag) =>
        Points(metrics, name, tag).Sum(p => p.GetHistogramCount());

    private static List<MetricPoint> Points(List<MetricSnapshot> metrics, string name, (string Key, string Value) tag, bool newestOnly = true)
    {
        // Cumulative temporality: the newest export of the instrument holds the totals.
        var points = new List<MetricPoint>();
        foreach (var metric in metrics.Where(m => m.Name == name).TakeLast(newestOnly ? 1 : int.MaxValue))
        {
            foreach (var point in metric.MetricPoints)
            {
                foreach (var t in point.Tags)
                {
                    if (t.Key == tag.Key && Equals(t.Value, tag.Value))
                    {
                        points.Add(point);
                    }
                }
            }
        }

        return points;
    }

    private static EscalationRequest Escalation(string id) => new(
        id, "case-" + id, "wiki.contoso.com", 502, "502 on wiki.contoso.com", null, new Reporter("29:u1", "Ada", null, null, null),
        DashboardSeed.Now, DashboardSeed.Now, EscalationReason.StepsExhausted, null, [], null, "high", "one",
        new ServiceRoute(null, null, null, null), new ConversationLink("https://smba.example/", "conv", null, null, null, null));
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTelemetryCollection
{
    public const string Name = "Process-wide telemetry";
}
