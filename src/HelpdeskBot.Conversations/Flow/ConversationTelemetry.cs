using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>
/// Conversations' own instruments, span source and tags. Every HelpdeskBot project names its Meter and ActivitySource
/// <see cref="Name"/> by convention (the executable subscribes to that name) and owns what it records. Tag values stay
/// low-cardinality; the case id goes on spans only.
/// </summary>
internal static class ConversationTelemetry
{
    /// <summary>The Meter and ActivitySource name shared by convention with the other HelpdeskBot projects.</summary>
    public const string Name = "HelpdeskBot";

    /// <summary>Span tag: the case id (also on the outbox dispatch span, so the two are found together).</summary>
    public const string CaseId = "helpdeskbot.case_id";

    private static readonly string? Version = typeof(ConversationTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    /// <summary>Troubleshooting steps shown to a user. Tags <c>runbook</c> and <c>step</c> (ids from the runbook files: bounded).</summary>
    public static readonly Counter<long> StepsReached = Meter.CreateCounter<long>(
        "helpdeskbot.steps.reached", unit: "{step}", description: "Troubleshooting steps shown, by runbook and step.");

    /// <summary>Cases that ended. Tag <c>outcome</c>: resolved | escalated | abandoned | cancelled.</summary>
    public static readonly Counter<long> CaseOutcomes = Meter.CreateCounter<long>(
        "helpdeskbot.case.outcomes", unit: "{case}", description: "Cases closed, by outcome.");

    /// <summary>Escalations written to the outbox. Tag <c>reason</c>: ServerSideFault | StepsExhausted | UserRequested.</summary>
    public static readonly Counter<long> Escalations = Meter.CreateCounter<long>(
        "helpdeskbot.escalations", unit: "{escalation}", description: "Escalations enqueued, by reason.");

    /// <summary>
    /// Starts a span that continues the trace of <paramref name="traceParent"/> (kept with the case), for a background
    /// diagnosis that runs after the turn ended. Without a usable trace parent it continues the current span.
    /// </summary>
    public static Activity? StartActivity(string name, ActivityKind kind, string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent)
            ? ActivitySource.StartActivity(name, kind, parent)
            : ActivitySource.StartActivity(name, kind);

    /// <summary>The current span as a W3C <c>traceparent</c>, to store with work that continues the trace later.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// Tags the current span and every span above it in this process that belongs to HelpdeskBot (by source name:
    /// each project has its own source) with <paramref name="key"/>, so a case id learnt deep in the conversation is
    /// also on the turn's root span.
    /// </summary>
    public static void TagUpwards(string key, string? value)
    {
        for (var a = Activity.Current; a is not null; a = a.Parent)
        {
            if (a.Source.Name == Name)
            {
                a.SetTag(key, value);
            }
        }
    }
}
