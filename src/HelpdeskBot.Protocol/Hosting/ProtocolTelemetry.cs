using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HelpdeskBot.Protocol.Hosting;

/// <summary>
/// Protocol's own spans, instruments and tags. Every HelpdeskBot project names its Meter and ActivitySource
/// <see cref="Name"/> by convention (the executable subscribes to that name) and owns what it records; tag values stay
/// low-cardinality, per-activity identifiers go on spans only (docs/observability.md).
/// </summary>
internal static class ProtocolTelemetry
{
    /// <summary>The Meter and ActivitySource name shared by convention with the other HelpdeskBot projects.</summary>
    public const string Name = "HelpdeskBot";

    public const string TeamsActivityId = "helpdeskbot.teams.activity_id";
    public const string TeamsConversationId = "helpdeskbot.teams.conversation_id";
    public const string ActivityType = "helpdeskbot.teams.activity_type";

    private static readonly string? Version = typeof(ProtocolTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    /// <summary>Bot Framework activities accepted by /api/messages. Tag <c>type</c>: message | invoke | conversationUpdate | installationUpdate | …</summary>
    public static readonly Counter<long> ActivitiesReceived = Meter.CreateCounter<long>(
        "helpdeskbot.activities.received", unit: "{activity}", description: "Bot Framework activities received, by type.");

    /// <summary>
    /// Retries of Bot Connector calls. Tags <c>client</c> (connector) and <c>reason</c> (429 | 5xx | timeout | transport | status).
    /// Tickets records its ticket-system retries in an instrument of the same name, unit and description (one metric).
    /// </summary>
    public static readonly Counter<long> ConnectorRetries = Meter.CreateCounter<long>(
        "helpdeskbot.connector.retries", unit: "{retry}", description: "Retries of outbound calls to the Bot Connector and the ticket systems.");
}
