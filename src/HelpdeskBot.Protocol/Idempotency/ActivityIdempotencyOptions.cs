using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Protocol.Idempotency;

/// <summary>At-most-once handling of redelivered activities (section <c>Bot:Idempotency</c>).</summary>
public sealed class ActivityIdempotencyOptions
{
    public const string Section = "Bot:Idempotency";

    /// <summary>
    /// How long an activity's answer is kept for redeliveries. The Bot Service redelivers within seconds of a slow
    /// or reset answer; an hour covers that many times over while the table stays small (about 1M rows at a
    /// sustained 300 activities/s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// An unanswered claim older than this is taken over by a redelivery: its instance died mid-turn. Far above
    /// the Bot Service's 10–15 s turn limit (protocol README §4), so a live turn is never run twice.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan ProcessingLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a redelivery that arrives while the first delivery is still being handled waits for its answer.
    /// Below the Bot Service's 15 s limit so the channel still reads the answer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:15")]
    public TimeSpan RedeliveryWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a waiting redelivery looks again when the first delivery runs on another instance.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
