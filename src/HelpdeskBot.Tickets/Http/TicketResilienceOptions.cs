using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Tickets.Http;

/// <summary>
/// Settings of section <c>Tickets:Resilience</c>, applied to each provider's HttpClient separately (one circuit
/// breaker per provider). Defaults follow Microsoft.Extensions.Http.Resilience's standard handler, with a
/// shorter attempt timeout because the outbox retries later anyway.
/// </summary>
public sealed class TicketResilienceOptions
{
    /// <summary>One HTTP attempt may take this long (10 s: ticket APIs answer in well under a second).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Tickets:Resilience:AttemptTimeout must be between 1 second and 5 minutes.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>In-call retries (3, as the standard handler); the outbox retries beyond that.</summary>
    [Range(0, 10, ErrorMessage = "Tickets:Resilience:MaxRetryAttempts must be between 0 and 10.")]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay (2 s, as the standard handler), doubled each time, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Tickets:Resilience:RetryDelay must be between 0 and 1 minute.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A Retry-After longer than this is not waited for in the call; the outbox waits instead.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Tickets:Resilience:MaxRetryAfter must be between 0 and 10 minutes.")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The breaker opens when this share of calls in the sampling window failed (0.5, standard handler).</summary>
    [Range(0.01, 1.0, ErrorMessage = "Tickets:Resilience:BreakerFailureRatio must be between 0.01 and 1.")]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>... and at least this many calls were made (10).</summary>
    [Range(2, 1000, ErrorMessage = "Tickets:Resilience:BreakerMinimumThroughput must be between 2 and 1000.")]
    public int BreakerMinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Tickets:Resilience:BreakerSamplingDuration must be between 1 second and 1 hour.")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open before a trial call (30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Tickets:Resilience:BreakDuration must be between 1 second and 1 hour.")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
