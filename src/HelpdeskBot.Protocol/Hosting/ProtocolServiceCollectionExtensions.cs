using System.Net;
using HelpdeskBot.Protocol.Authentication;
using HelpdeskBot.Protocol.Connector;
using HelpdeskBot.Protocol.Idempotency;
using HelpdeskBot.Protocol.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace HelpdeskBot.Protocol.Hosting;

/// <summary>Registers the Bot Framework protocol layer.</summary>
public static class ProtocolServiceCollectionExtensions
{
    /// <summary>
    /// Inbound authentication, the activity router, the connector client (token + resilience), the background
    /// work queue. The application registers its <see cref="IBotHandler"/> (singleton) and may add routes with
    /// <see cref="AddBotRoute"/>; then maps the endpoint with <c>app.MapBotMessages()</c>.
    /// </summary>
    public static IServiceCollection AddHelpdeskBotProtocol(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        // Top-level keys (MicrosoftAppId, …) as every Bot Framework developer knows them.
        services.AddOptions<BotCredentialsOptions>().Configure(o => BotCredentialsConfiguration.Bind(configuration, o)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotCredentialsOptions>, BotCredentialsOptionsValidator>();
        services.AddOptions<BotAuthenticationOptions>().BindConfiguration(BotAuthenticationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BotMessagesOptions>().BindConfiguration(BotMessagesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ConnectorOptions>().BindConfiguration(ConnectorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorOptions>, ConnectorOptionsValidator>());

        services.AddHttpClient(ProtocolHttpClients.OpenIdMetadata, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient(ProtocolHttpClients.TokenEndpoint, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<BotTokenValidator>();
        services.AddSingleton<ITrustedServiceUrls, TrustedServiceUrls>();
        services.AddSingleton<IConnectorTokenProvider>(sp =>
            sp.GetRequiredService<IOptions<BotCredentialsOptions>>().Value.IsAnonymous
                ? new AnonymousConnectorTokenProvider()
                : ActivatorUtilities.CreateInstance<MsalConnectorTokenProvider>(sp));
        services.AddTransient<ConnectorAuthenticationHandler>();
        // The endpoint keeps one connector client for the process (no per-activity factory work), so DNS changes of
        // the connector hosts are picked up by recycling pooled connections instead of rotating handlers.
        services.AddHttpClient<IConnectorClient, ConnectorClient>()
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("connector", static (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<ConnectorOptions>>().Value;
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("HelpdeskBot.Protocol.Connector.Resilience");
                pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
                pipeline.AddTimeout(options.TotalTimeout);
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    ShouldRetryAfterHeader = true,
                    // Transient (5xx, 408, 429, connection failures, attempt timeouts) plus 412, which Teams' rate-limit guidance lists.
                    ShouldHandle = args => ValueTask.FromResult(
                        HttpClientResiliencePredicates.IsTransient(args.Outcome)
                        || args.Outcome.Result?.StatusCode == HttpStatusCode.PreconditionFailed),
                    OnRetry = args =>
                    {
                        Log.ConnectorRetry(logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "?");
                        var reason = args.Outcome.Result is { } status
                            ? (int)status.StatusCode == 429 ? "429" : (int)status.StatusCode >= 500 ? "5xx" : ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                            : args.Outcome.Exception is TimeoutException or Polly.Timeout.TimeoutRejectedException ? "timeout" : "transport";
                        ProtocolTelemetry.ConnectorRetries.Add(
                            1, new KeyValuePair<string, object?>("client", "connector"), new KeyValuePair<string, object?>("reason", reason));
                        return ValueTask.CompletedTask;
                    },
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            })
            .Services.AddHttpClient<IConnectorClient, ConnectorClient>()
            .AddHttpMessageHandler<ConnectorAuthenticationHandler>()
            // The factory's per-request logging would log URLs at Information and costs on the hot path; failures
            // and retries are logged by the client itself (never headers or tokens).
            .RemoveAllLoggers();

        // Callers that own their retries (the durable delivery dispatcher) take one attempt per call: the long retry
        // loop above would hold a delivery (and its pacing slot) for up to TotalTimeout while the dispatcher could
        // reschedule it and move on.
        services.AddHttpClient(ProtocolHttpClients.ConnectorSingleAttempt)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("connector-single-attempt", static (pipeline, context) =>
            {
                // The attempt's deadline counts clock steps, so a fake clock's jump does not cut a send in flight.
                pipeline.TimeProvider = new SteppedTimeoutClock(context.ServiceProvider.GetRequiredService<TimeProvider>());
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<ConnectorOptions>>().Value.AttemptTimeout);
            })
            .Services.AddHttpClient(ProtocolHttpClients.ConnectorSingleAttempt)
            .AddHttpMessageHandler<ConnectorAuthenticationHandler>()
            .RemoveAllLoggers();
        services.AddKeyedSingleton<IConnectorClient>(ProtocolHttpClients.ConnectorSingleAttempt, static (sp, _) => new ConnectorClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ProtocolHttpClients.ConnectorSingleAttempt),
            sp.GetRequiredService<ILogger<ConnectorClient>>(),
            sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton(sp => new ActivityRouter([.. sp.GetServices<BotRoute>(), .. BotRoutes.Default]));
        services.AddSingleton<BackgroundWorkQueue>();
        services.AddSingleton<IBackgroundWorkQueue>(sp => sp.GetRequiredService<BackgroundWorkQueue>());
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundWorkQueue>());
        services.AddOptions<ActivityIdempotencyOptions>().BindConfiguration(ActivityIdempotencyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // One process's memory unless the storage layer shares the ledger between instances (it replaces this).
        services.TryAddSingleton<IActivityLedger, InMemoryActivityLedger>();
        services.AddSingleton<ActivityIdempotency>();
        services.AddSingleton<BotMessagesEndpoint>();
        return services;
    }

    /// <summary>Adds a route tried before the built-in ones (<see cref="BotRoutes.Default"/>). Names must be unique.</summary>
    internal static IServiceCollection AddBotRoute(this IServiceCollection services, BotRoute route) => services.AddSingleton(route);
}
