using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Observability;

/// <summary>Settings of section <c>Observability</c>. The OTLP exporter is configured by the standard
/// <c>OTEL_EXPORTER_OTLP_*</c> variables (https://opentelemetry.io/docs/specs/otel/protocol/exporter/).</summary>
internal sealed class ObservabilityOptions
{
    public const string SectionName = "Observability";

    [Required]
    public PrometheusOptions Prometheus { get; set; } = new();

    /// <summary>
    /// How often the outbox backlog gauge re-counts the outbox. Default 30 s: twice Prometheus' usual 15 s scrape
    /// interval is not needed for a backlog that changes per escalation, and one COUNT query per 30 s per instance
    /// is negligible.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Observability:OutboxBacklogInterval must be between 00:00:01 and 01:00:00 (default 00:00:30).")]
    public TimeSpan OutboxBacklogInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Settings of section <c>Observability:Prometheus</c>.</summary>
internal sealed class PrometheusOptions
{
    /// <summary>Serve the metrics for Prometheus to scrape. Default off: OTLP push is the default path, and a
    /// scrape endpoint should only be reachable from inside the cluster.</summary>
    public bool Enabled { get; set; }

    /// <summary>Path of the scrape endpoint. Default <c>/metrics</c>, Prometheus' convention.</summary>
    public string Path { get; set; } = "/metrics";
}
