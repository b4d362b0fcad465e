using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HelpdeskBot.Tickets.Outbox;

/// <summary>
/// Tickets' own instruments, span source and tags. Every HelpdeskBot project names its Meter and ActivitySource
/// <see cref="Name"/> by convention (the executable subscribes to that name) and owns what it records. The dispatch span
/// carries the case id, escalation id and ticket number, joining a (later, separate) dispatch to the turn that escalated.
/// </summary>
internal static class TicketsTelemetry
{
    /// <summary>The Meter and ActivitySource name shared by convention with the other HelpdeskBot projects.</summary>
    public const string Name = "HelpdeskBot";

    public const string CaseId = "helpdeskbot.case_id";
    public const string EscalationId = "helpdeskbot.escalation_id";
    public const string TicketNumber = "helpdeskbot.ticket.number";
    public const string TicketProvider = "helpdeskbot.ticket.provider";

    private static readonly string? Version = typeof(TicketsTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    /// <summary>Tickets the outbox dispatcher got from a provider. Tags <c>provider</c> and <c>result</c> (sent | parked).</summary>
    public static readonly Counter<long> Tickets = Meter.CreateCounter<long>(
        "helpdeskbot.tickets", unit: "{ticket}", description: "Outbox dispatch results, by provider.");

    /// <summary>
    /// Retries of ticket-system calls, in the same instrument as Protocol's Bot Connector retries: same name, unit and
    /// description, so OpenTelemetry reads both as one metric. Tags <c>client</c> (the provider: ServiceNow, Jira, …) and
    /// <c>reason</c> (429 | 5xx | timeout | transport | the status code).
    /// </summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "helpdeskbot.connector.retries", unit: "{retry}", description: RetriesDescription);

    /// <summary>Shared word for word with Protocol's instrument of the same name.</summary>
    private const string RetriesDescription = "Retries of outbound calls to the Bot Connector and the ticket systems.";

    /// <summary>
    /// Starts a span that continues the trace of <paramref name="traceParent"/> (the W3C <c>traceparent</c> kept with
    /// the outbox row), because the dispatch runs after the originating request ended. Without a usable trace parent it
    /// starts a new trace.
    /// </summary>
    public static Activity? StartActivity(string name, ActivityKind kind, string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent)
            ? ActivitySource.StartActivity(name, kind, parent)
            : ActivitySource.StartActivity(name, kind);

    /// <summary>The 32-hex trace id inside a W3C <c>traceparent</c> (what an agent searches the logs and traces by).</summary>
    public static string? TraceIdOf(string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var context) ? context.TraceId.ToHexString() : null;
}
