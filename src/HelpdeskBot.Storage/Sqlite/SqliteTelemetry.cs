using System.Diagnostics.Metrics;
using HelpdeskBot.Tickets.Dispatching;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>
/// Storage's own instruments. Every HelpdeskBot project names its Meter <see cref="Name"/> by convention (the
/// executable subscribes to that name) and owns what it records (docs/observability.md).
/// </summary>
internal static class SqliteTelemetry
{
    /// <summary>The Meter name shared by convention with the other HelpdeskBot projects.</summary>
    public const string Name = "HelpdeskBot";

    private static readonly Meter Meter = new(Name, typeof(SqliteTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>How long a writer of this process waited for the SQLite write turn (a long wait is a queue of writers).</summary>
    public static readonly Histogram<double> WriteTurnWait = Meter.CreateHistogram<double>(
        "helpdeskbot.storage.write_turn.wait", unit: "s", description: "Time an SQLite writer waited for this process's write turn.");

    /// <summary>How long a writer held the SQLite write turn (from taking it to disposing its connection).</summary>
    public static readonly Histogram<double> WriteTurnHeld = Meter.CreateHistogram<double>(
        "helpdeskbot.storage.write_turn.held", unit: "s", description: "Time an SQLite writer held this process's write turn.");

    private static readonly KeyValuePair<string, object?> RequestWriter = new("writer", "request");
    private static readonly KeyValuePair<string, object?> DeliveryWriter = new("writer", "delivery");
    private static readonly KeyValuePair<string, object?> BackgroundWriter = new("writer", "background");

    /// <summary>Tag <c>writer</c> of both histograms: who waits for the write (see <see cref="SqliteWriteTurn"/>).</summary>
    public static KeyValuePair<string, object?> Writer(WriteUrgency urgency) => urgency switch
    {
        WriteUrgency.Request => RequestWriter,
        WriteUrgency.Delivery => DeliveryWriter,
        _ => BackgroundWriter,
    };
}
