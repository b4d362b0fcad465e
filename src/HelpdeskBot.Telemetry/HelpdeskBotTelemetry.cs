using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HelpdeskBot.Telemetry;

/// <summary>
/// The Meter and ActivitySource named <c>HelpdeskBot</c> and the instruments every area records into.
/// Instruments are created once per process (the OpenTelemetry guidance for static meters); the executable
/// subscribes to the name with <c>AddMeter("HelpdeskBot")</c> / <c>AddSource("HelpdeskBot")</c>.
/// </summary>
/// <remarks>
/// Names follow the OpenTelemetry semantic-convention style (<c>helpdeskbot.*</c>, lower case, dots, unit in
/// <c>unit</c>). Tag values must be low-cardinality (a type, a phase, a verdict kind): never a user id, a
/// target host, a URL or a message text. Per-case identifiers go on spans (see <see cref="HelpdeskBotTags"/>).
/// The outbox backlog is an observable gauge created by the executable from the outbox store
/// (<c>helpdeskbot.outbox.backlog</c>), because its callback needs a store instance.
/// </remarks>
public static class HelpdeskBotTelemetry
{
    /// <summary>The name of the Meter and the ActivitySource.</summary>
    public const string Name = "HelpdeskBot";

    /// <summary>Name of the outbox backlog gauge (created by the executable, tag <c>state</c>).</summary>
    public const string OutboxBacklogName = "helpdeskbot.outbox.backlog";

    private static readonly string? Version = typeof(HelpdeskBotTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    /// <summary>Bot Framework activities accepted by /api/messages. Tag <c>type</c>: message | invoke | conversationUpdate | installationUpdate | …</summary>
    public static readonly Counter<long> ActivitiesReceived = Meter.CreateCounter<long>(
        "helpdeskbot.activities.received", unit: "{activity}", description: "Bot Framework activities received, by type.");

    /// <summary>Duration of each probe phase in seconds. Tags <c>phase</c> (dns | tcp | tls | http | proxy | control | total) and <c>outcome</c> (ok | failed).</summary>
    public static readonly Histogram<double> ProbeDuration = Meter.CreateHistogram<double>(
        "helpdeskbot.probe.duration", unit: "s", description: "Duration of each probe phase.");

    /// <summary>Diagnoses drawn. Tag <c>kind</c>: the VerdictKind name (Healthy, UpstreamFailing, …).</summary>
    public static readonly Counter<long> Verdicts = Meter.CreateCounter<long>(
        "helpdeskbot.verdicts", unit: "{diagnosis}", description: "Diagnoses drawn, by verdict kind.");

    /// <summary>Troubleshooting steps shown to a user. Tags <c>runbook</c> and <c>step</c> (ids from the runbook files: bounded).</summary>
    public static readonly Counter<long> StepsReached = Meter.CreateCounter<long>(
        "helpdeskbot.steps.reached", unit: "{step}", description: "Troubleshooting steps shown, by runbook and step.");

    /// <summary>Cases that ended. Tag <c>outcome</c>: resolved | escalated | abandoned | cancelled.</summary>
    public static readonly Counter<long> CaseOutcomes = Meter.CreateCounter<long>(
        "helpdeskbot.case.outcomes", unit: "{case}", description: "Cases closed, by outcome.");

    /// <summary>Escalations written to the outbox. Tag <c>reason</c>: ServerSideFault | StepsExhausted | UserRequested.</summary>
    public static readonly Counter<long> Escalations = Meter.CreateCounter<long>(
        "helpdeskbot.escalations", unit: "{escalation}", description: "Escalations enqueued, by reason.");

    /// <summary>Tickets the outbox dispatcher got from a provider. Tags <c>provider</c> and <c>result</c> (created | joined | parked).</summary>
    public static readonly Counter<long> Tickets = Meter.CreateCounter<long>(
        "helpdeskbot.tickets", unit: "{ticket}", description: "Outbox dispatch results, by provider.");

    /// <summary>Retries of outbound calls. Tags <c>client</c> (connector | ticket) and <c>reason</c> (429 | 5xx | timeout | transport).</summary>
    public static readonly Counter<long> ConnectorRetries = Meter.CreateCounter<long>(
        "helpdeskbot.connector.retries", unit: "{retry}", description: "Retries of outbound Bot Connector and ticket-system calls.");

    /// <summary>
    /// Starts a span of the HelpdeskBot source (null when nobody listens: callers use <c>?.</c>).
    /// </summary>
    public static Activity? StartActivity(string name, ActivityKind kind = ActivityKind.Internal) =>
        ActivitySource.StartActivity(name, kind);

    /// <summary>
    /// Starts a span that continues the trace of <paramref name="traceParent"/> (a W3C <c>traceparent</c> kept with the
    /// case or the outbox row), for work that runs after the originating request ended: background probes, the outbox
    /// dispatch. Without a usable trace parent it continues the current span, or starts a new trace.
    /// </summary>
    public static Activity? StartActivity(string name, ActivityKind kind, string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent)
            ? ActivitySource.StartActivity(name, kind, parent)
            : ActivitySource.StartActivity(name, kind);

    /// <summary>The current span as a W3C <c>traceparent</c>, to store with work that continues the trace later.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The 32-hex trace id inside a W3C <c>traceparent</c> (what an agent searches the logs and traces by).</summary>
    public static string? TraceIdOf(string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var context) ? context.TraceId.ToHexString() : null;
}
