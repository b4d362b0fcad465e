using System.Diagnostics;
using HelpdeskBot.Observability;
using HelpdeskBot.Telemetry;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>The host's OpenTelemetry pipeline exports HelpdeskBot's metrics and spans (in-memory exporters) and serves Prometheus.</summary>
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
        HelpdeskBotTelemetry.ActivitiesReceived.Add(1, new KeyValuePair<string, object?>("type", "message"));
        HelpdeskBotTelemetry.ActivitiesReceived.Add(2, new KeyValuePair<string, object?>("type", "invoke"));
        HelpdeskBotTelemetry.ProbeDuration.Record(0.012, new("phase", "dns"), new("outcome", "ok"));
        HelpdeskBotTelemetry.ProbeDuration.Record(0.25, new("phase", "http"), new("outcome", "failed"));
        HelpdeskBotTelemetry.Verdicts.Add(1, new KeyValuePair<string, object?>("kind", "UpstreamFailing"));
        HelpdeskBotTelemetry.StepsReached.Add(1, new("runbook", runbook), new("step", "hard-refresh"));
        HelpdeskBotTelemetry.StepsReached.Add(1, new("runbook", runbook), new("step", "other-browser"));
        HelpdeskBotTelemetry.CaseOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", "escalated"));
        HelpdeskBotTelemetry.Escalations.Add(1, new KeyValuePair<string, object?>("reason", "StepsExhausted"));
        HelpdeskBotTelemetry.ConnectorRetries.Add(1, new("client", "connector"), new("reason", "429"));
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
        Assert.Contains(1L, GaugeValues(metrics, HelpdeskBotTelemetry.OutboxBacklogName, ("state", "Pending")));
        Assert.Contains(0L, GaugeValues(metrics, HelpdeskBotTelemetry.OutboxBacklogName, ("state", "Parked")));
        // ASP.NET Core's own instruments are on too.
        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");
    }

    [Fact]
    public async Task Spans_of_a_turn_share_one_trace_and_carry_the_ids_from_Teams_activity_to_ticket()
    {
        var spans = new List<Activity>();
        await using var host = new ShipHost(services: s => s.ConfigureOpenTelemetryTracerProvider(b => b.AddInMemoryExporter(spans)));
        host.StartServer(); // starts the host and its TracerProvider
        var activityId = "1:" + Guid.NewGuid().ToString("N");

        using (var turn = HelpdeskBotTelemetry.StartActivity("teams.turn", ActivityKind.Server))
        {
            turn?.SetTag(HelpdeskBotTags.TeamsActivityId, activityId);
            using (var probe = HelpdeskBotTelemetry.StartActivity("probe.http"))
            {
                // The case id is known deep in the conversation and tagged upwards onto the turn.
                HelpdeskBotTags.TagUpwards(HelpdeskBotTags.CaseId, "case-42");
                probe?.SetTag(HelpdeskBotTags.Verdict, "UpstreamFailing");
            }
        }

        using (var dispatch = HelpdeskBotTelemetry.StartActivity("outbox.dispatch"))
        {
            dispatch?.SetTag(HelpdeskBotTags.CaseId, "case-42");
            dispatch?.SetTag(HelpdeskBotTags.TicketNumber, "HD-7");
        }

        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        var root = spans.Single(s => s.OperationName == "teams.turn" && (string?)s.GetTagItem(HelpdeskBotTags.TeamsActivityId) == activityId);
        var child = spans.Single(s => s.OperationName == "probe.http" && s.ParentSpanId == root.SpanId);
        Assert.Equal(root.TraceId, child.TraceId);
        Assert.Equal("case-42", root.GetTagItem(HelpdeskBotTags.CaseId));
        Assert.Equal("case-42", child.GetTagItem(HelpdeskBotTags.CaseId));
        var ticket = spans.Last(s => s.OperationName == "outbox.dispatch" && (string?)s.GetTagItem(HelpdeskBotTags.CaseId) == "case-42");
        Assert.Equal("HD-7", ticket.GetTagItem(HelpdeskBotTags.TicketNumber));
    }

    [Fact]
    public async Task Prometheus_endpoint_serves_the_metrics_when_enabled()
    {
        await using var host = new ShipHost(new Dictionary<string, string?> { ["Observability:Prometheus:Enabled"] = "true" });
        using var client = host.Client();
        HelpdeskBotTelemetry.Escalations.Add(1, new KeyValuePair<string, object?>("reason", "UserRequested"));
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
