using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Tickets.Outbox;

/// <summary>Settings of section <c>Tickets:Outbox</c>: how the dispatcher claims and retries rows.</summary>
public sealed class OutboxOptions
{
    /// <summary>Run the dispatcher in this instance (true). Every instance may: leases keep them apart.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Rows claimed per round (32): small enough that a lease is never held for long.</summary>
    [Range(1, 1000, ErrorMessage = "Tickets:Outbox:BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = 32;

    /// <summary>Rows of a batch sent at once (4): ticket APIs rate-limit per user (Zendesk, Jira).</summary>
    [Range(1, 64, ErrorMessage = "Tickets:Outbox:Concurrency must be between 1 and 64.")]
    public int Concurrency { get; set; } = 4;

    /// <summary>How often due rows are looked for without a wake-up signal (5 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Tickets:Outbox:PollInterval must be between 10 ms and 10 minutes.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A claim expires after this (2 min), so a dead instance's rows are taken over.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Tickets:Outbox:Lease must be between 5 seconds and 1 hour.")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>First outbox retry delay (15 s), doubled per attempt with ±20 % jitter ...</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Tickets:Outbox:RetryDelay must be between 10 ms and 1 hour.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>... up to this (5 min), so a recovered ticket system is used within minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Tickets:Outbox:MaxRetryDelay must be between 10 ms and 1 day.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A joining report waits this long for the lead's ticket to exist (2 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Tickets:Outbox:JoinWait must be between 10 ms and 10 minutes.")]
    public TimeSpan JoinWait { get; set; } = TimeSpan.FromSeconds(2);
}
