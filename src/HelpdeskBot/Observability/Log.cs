namespace HelpdeskBot.Observability;

/// <summary>Log messages of the executable's shipping parts (observability, configuration, admin, dashboard, memory): event ids 6000–6099.</summary>
internal static partial class Log
{
    [LoggerMessage(6001, LogLevel.Information, "No outbox store is registered: the outbox backlog gauge reports nothing.")]
    public static partial void OutboxGaugeWithoutStore(ILogger logger);

    [LoggerMessage(6002, LogLevel.Warning, "Counting the outbox for the backlog gauge failed; the gauge keeps its last value.")]
    public static partial void OutboxCountFailed(ILogger logger, Exception exception);

    [LoggerMessage(6003, LogLevel.Information, "Telemetry: OTLP export to {Endpoint}; Prometheus scraping {Prometheus}; Application Insights {ApplicationInsights}.")]
    public static partial void TelemetryConfigured(ILogger logger, string endpoint, string prometheus, string applicationInsights);

    [LoggerMessage(6010, LogLevel.Warning, "Admin:ApiKeys is empty: the dashboard and admin APIs refuse every request until a key is configured.")]
    public static partial void NoAdminKeys(ILogger logger);

    [LoggerMessage(6011, LogLevel.Information, "Admin request refused: {Reason}.")]
    public static partial void AdminRefused(ILogger logger, string reason);

    [LoggerMessage(6012, LogLevel.Warning, "Deprecated setting: {Message}")]
    public static partial void AdminSettingDeprecated(ILogger logger, string message);

    [LoggerMessage(6020, LogLevel.Information, "The bot is idle after a burst: memory given back, working set {BeforeMiB} MiB -> {AfterMiB} MiB.")]
    public static partial void IdleMemoryTrimmed(ILogger logger, long beforeMiB, long afterMiB);
}
