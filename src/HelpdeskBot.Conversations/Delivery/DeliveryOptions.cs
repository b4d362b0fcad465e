using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Conversations.Delivery;

/// <summary>Settings of section <c>Delivery</c>: how durable deliveries to Teams are claimed, paced and retried.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>Run the dispatcher in this instance (true). Every instance may: leases keep them apart.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Rows held in flight by this instance at most (64): claimed, rendered, paced and sent (so also the connector calls at once).</summary>
    [Range(1, 1000, ErrorMessage = "Delivery:MaxInFlight must be between 1 and 1000.")]
    public int MaxInFlight { get; set; } = 64;

    /// <summary>How often due rows are looked for without a wake-up signal (5 s; new deliveries wake the dispatcher at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Delivery:PollInterval must be between 10 ms and 10 minutes.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A claim expires after this (2 min), so a dead instance's deliveries are taken over.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00", ErrorMessage = "Delivery:Lease must be between 30 seconds and 1 hour.")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>First retry delay (2 s), doubled per attempt with ±20 % jitter ...</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Delivery:RetryDelay must be between 10 ms and 10 minutes.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>... up to this (1 min), so cards reach users within a minute of the connector's recovery. Retry-After wins when longer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Delivery:MaxRetryDelay must be between 10 ms and 1 hour.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A delivery failing for this long (24 h, as ticket escalations) is parked; a newer change of the card revives it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Delivery:GiveUpAfter must be between 1 minute and 30 days.")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A one-off message's row is kept this long after it was sent (30 days), then purged: while it is kept its key
    /// cannot be sent again. Every key the bot uses is enqueued again, if ever, within minutes (a crashed fan-out
    /// finished by the watch, a double click), so a month is ample, and the table stays the size of a month's messages.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00", ErrorMessage = "Delivery:SentRetention must be between 1 hour and 365 days.")]
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Sends per conversation (thread) per second (7): Teams' limit per bot per thread.</summary>
    [Range(1, 100, ErrorMessage = "Delivery:ThreadPerSecond must be between 1 and 100.")]
    public int ThreadPerSecond { get; set; } = 7;

    /// <summary>Sends per conversation (thread) per 30 seconds (60): Teams' limit per bot per thread.</summary>
    [Range(1, 1000, ErrorMessage = "Delivery:ThreadPer30Seconds must be between 1 and 1000.")]
    public int ThreadPer30Seconds { get; set; } = 60;

    /// <summary>Sends per tenant per second (50): Teams' limit per app per tenant.</summary>
    [Range(1, 1000, ErrorMessage = "Delivery:TenantPerSecond must be between 1 and 1000.")]
    public int TenantPerSecond { get; set; } = 50;

    /// <summary>
    /// Added to every pacing window (50 ms): Teams counts arrivals, not departures, so sends spaced exactly at the
    /// limit can land inside one of its windows after network jitter.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01", ErrorMessage = "Delivery:PacingMargin must be between 0 and 1 second.")]
    public TimeSpan PacingMargin { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>A delivery that would wait longer than this (5 s) for its pacing slot goes back to the store until then.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Delivery:MaxPacingWait must be between 0 and 1 minute.")]
    public TimeSpan MaxPacingWait { get; set; } = TimeSpan.FromSeconds(5);
}
