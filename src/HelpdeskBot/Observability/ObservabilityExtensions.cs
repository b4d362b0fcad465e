using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HelpdeskBot.Observability;

/// <summary>
/// OpenTelemetry for HelpdeskBot: the "HelpdeskBot" meter and source plus ASP.NET Core and HttpClient
/// instrumentation; OTLP export (traces, metrics, logs) when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; Application
/// Insights (traces, metrics, logs through the Azure Monitor distro) when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>
/// is set, alongside OTLP; a Prometheus scrape endpoint when <c>Observability:Prometheus:Enabled</c>.
/// </summary>
internal static class ObservabilityExtensions
{
    /// <summary>
    /// The Meter and ActivitySource name every HelpdeskBot project records into, by convention: each project owns its
    /// instruments and spans (Protocol, Probes, Conversations, Tickets: their <c>*Telemetry</c> classes); the
    /// executable subscribes to the name.
    /// </summary>
    public const string TelemetryName = "HelpdeskBot";

    public static WebApplicationBuilder AddHelpdeskBotObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ObservabilityOptions>()
            .BindConfiguration(ObservabilityOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                o => o.Prometheus?.Path is { Length: > 0 } path && path[0] == '/' && !path.Contains("//", StringComparison.Ordinal) && !path.Any(char.IsWhiteSpace),
                "Observability:Prometheus:Path must be a path starting with / such as /metrics (the default).")
            .ValidateOnStart();

        // Parsed leniently here: a bad value is reported by the options validation with the other settings to fix.
        var prometheus = bool.TryParse(builder.Configuration["Observability:Prometheus:Enabled"], out var enabled) && enabled;
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var applicationInsights = !string.IsNullOrWhiteSpace(builder.Configuration[ApplicationInsightsConnectionString]);
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? "helpdeskbot";
        var serviceVersion = typeof(ObservabilityExtensions).Assembly.GetName().Version?.ToString();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName: serviceName, serviceVersion: serviceVersion))
            .WithTracing(t => t
                .AddSource(TelemetryName)
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !IsNoise(ctx.Request.Path))
                .AddHttpClientInstrumentation())
            .WithMetrics(m =>
            {
                m.AddMeter(TelemetryName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentationIfAvailable();
                if (prometheus)
                {
                    m.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            // UseOtlpExporter reads OTEL_EXPORTER_OTLP_ENDPOINT / _PROTOCOL / _HEADERS for all three signals.
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });
            telemetry.UseOtlpExporter();
        }

        if (applicationInsights)
        {
            // The distro reads the connection string from configuration and exports all three signals (logs
            // through its own logging processor). It also adds resource detectors for App Service, Container Apps
            // and Azure VMs; the VM one calls the instance metadata service (169.254.169.254) at start, which is
            // pointless on App Service or Kubernetes and hangs elsewhere, so the resource is rebuilt without it:
            // the service name (Application Insights' cloud role) and OTEL_RESOURCE_ATTRIBUTES (deploy/k8s sets
            // the pod name there).
            telemetry.UseAzureMonitor();
            telemetry.ConfigureResource(r => r.Clear()
                .AddService(serviceName: serviceName, serviceVersion: serviceVersion)
                .AddEnvironmentVariableDetector());
        }

        builder.Services.AddSingleton<OutboxBacklogGauge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxBacklogGauge>());
        return builder;
    }

    public static WebApplication MapHelpdeskBotObservability(this WebApplication app)
    {
        // Read from configuration, not IOptions: a bad value must fail in ValidateOnStart, where the start-up
        // summary lists it with the others, not here while the endpoints are mapped.
        var prometheus = new PrometheusOptions();
        app.Configuration.GetSection(ObservabilityOptions.SectionName + ":Prometheus").Bind(prometheus);
        var otlpEndpoint = app.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var applicationInsights = !string.IsNullOrWhiteSpace(app.Configuration[ApplicationInsightsConnectionString]);
        if (prometheus.Enabled && prometheus.Path.StartsWith('/'))
        {
            app.MapPrometheusScrapingEndpoint(prometheus.Path);
        }

        Log.TelemetryConfigured(
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HelpdeskBot.Observability"),
            string.IsNullOrWhiteSpace(otlpEndpoint) ? "(none: OTEL_EXPORTER_OTLP_ENDPOINT not set)" : otlpEndpoint,
            prometheus.Enabled ? "on " + prometheus.Path : "off",
            // Never the connection string itself: it holds the instrumentation key.
            applicationInsights ? "on" : "off (APPLICATIONINSIGHTS_CONNECTION_STRING not set)");
        return app;
    }

    private const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    // Health probes and scrapes every few seconds would drown the traces of real work.
    private static bool IsNoise(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

    // .NET's built-in System.Runtime meter (GC, thread pool, exceptions) needs no instrumentation package since .NET 9.
    private static MeterProviderBuilder AddRuntimeInstrumentationIfAvailable(this MeterProviderBuilder builder) =>
        builder.AddMeter("System.Runtime");
}
