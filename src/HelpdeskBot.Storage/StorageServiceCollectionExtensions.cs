using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Probes.Safety;
using HelpdeskBot.Protocol.Idempotency;
using HelpdeskBot.Storage.Postgres;
using HelpdeskBot.Storage.RateLimiting;
using HelpdeskBot.Storage.Schema;
using HelpdeskBot.Storage.Sql;
using HelpdeskBot.Storage.Sqlite;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the stores of the engine named by <c>Storage:Provider</c> (<see cref="ICaseStore"/>,
    /// <see cref="IOutboxStore"/>, <see cref="IDeliveryStore"/>, <see cref="IEmbeddedTicketStore"/>, <see cref="IIncidentStore"/>, <see cref="IHelpdeskStore"/>, <see cref="IUserLanguageStore"/>,
    /// <see cref="IRateLimitStore"/>, the <see cref="IActivityLedger"/>), the schema migrator (a hosted service) and the "storage" health check
    /// (tags "ready", "storage"); the probes' <see cref="IProbeRateLimiter"/> backed by the shared store; and what the
    /// idle memory trim may release (<see cref="IIdleTrimTarget"/>: the idle pooled SQLite connections).
    /// </summary>
    public static IServiceCollection AddHelpdeskBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var contentRoot = sp.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;
            return new SqliteDatabase(
                Path.Combine(contentRoot, options.Sqlite.Path),
                options.Sqlite.BusyTimeout,
                sp.GetRequiredService<ILogger<SqliteDatabase>>(),
                sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp =>
        {
            var postgres = sp.GetRequiredService<IOptions<StorageOptions>>().Value.Postgres;
            var time = sp.GetRequiredService<TimeProvider>();
            var entra = postgres.Authentication == PostgresAuthentication.Entra
                // The host registers the Azure credential (managed identity / workload identity); tests register theirs.
                ? new PostgresEntraPasswordProvider(sp.GetRequiredService<Azure.Core.TokenCredential>(), postgres.TokenScope, postgres.TokenRefreshMargin, time, sp.GetRequiredService<ILogger<PostgresDatabase>>())
                : null;
            return new PostgresDatabase(
                // The validator has checked it is there when Provider is Postgres; only then is this resolved.
                postgres.ConnectionString ?? string.Empty,
                sp.GetRequiredService<ILogger<PostgresDatabase>>(),
                time,
                postgres.MaxPoolSize,
                entra);
        });
        services.TryAddSingleton(sp => Pick<StorageDatabase, SqliteDatabase, PostgresDatabase>(sp));
        services.TryAddSingleton(sp => new StorageHealthCheckTimeout(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.HealthCheckTimeout,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.HealthCheckCacheDuration,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.HealthProbeRetention));

        // The stores are shared over the chosen engine's database; only the outbox claim differs per engine.
        services.TryAddSingleton<SqliteOutboxStore>();
        services.TryAddSingleton<PostgresOutboxStore>();
        services.TryAddSingleton<ICaseStore>(sp => new CaseStore(sp.GetRequiredService<StorageDatabase>()));
        services.TryAddSingleton(sp => Pick<IOutboxStore, SqliteOutboxStore, PostgresOutboxStore>(sp));
        services.TryAddSingleton<SqliteDeliveryStore>();
        services.TryAddSingleton<PostgresDeliveryStore>();
        services.TryAddSingleton(sp => Pick<IDeliveryStore, SqliteDeliveryStore, PostgresDeliveryStore>(sp));
        services.TryAddSingleton<IEmbeddedTicketStore>(sp => new EmbeddedTicketStore(sp.GetRequiredService<StorageDatabase>()));
        services.TryAddSingleton<IIncidentStore>(sp => new IncidentStore(sp.GetRequiredService<StorageDatabase>()));
        services.TryAddSingleton<IHelpdeskStore>(sp => new HelpdeskStore(sp.GetRequiredService<StorageDatabase>()));
        services.TryAddSingleton<IUserLanguageStore>(sp => new UserLanguageStore(sp.GetRequiredService<StorageDatabase>()));
        services.TryAddSingleton<IRateLimitStore>(sp => new RateLimitStore(sp.GetRequiredService<StorageDatabase>(), sp.GetRequiredService<ILogger<RateLimitStore>>()));

        // Redelivered activities are recognised by every instance: replaces the protocol's in-memory ledger.
        services.Replace(ServiceDescriptor.Singleton<IActivityLedger>(sp => new ActivityLedgerStore(sp.GetRequiredService<StorageDatabase>(), sp.GetRequiredService<ILogger<ActivityLedgerStore>>())));

        // The probes' limits hold across instances: replaces the probes' in-memory limiter whichever registers first.
        services.Replace(ServiceDescriptor.Singleton<IProbeRateLimiter, StoreProbeRateLimiter>());

        // What the executable's idle memory trim gives back of the storage's.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIdleTrimTarget, SqlitePoolTrim>());

        services.AddHostedService<StorageMigrator>();
        services.TryAddSingleton<StorageHealthCheck>(); // one instance, so its cached answer is shared
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: ["ready", "storage"]);
        return services;
    }

    private static StorageProvider Provider(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider;

    private static TService Pick<TService, TSqlite, TPostgres>(IServiceProvider services)
        where TSqlite : TService
        where TPostgres : TService
        where TService : notnull => Provider(services) switch
        {
            StorageProvider.Sqlite => services.GetRequiredService<TSqlite>(),
            StorageProvider.Postgres => services.GetRequiredService<TPostgres>(),
            var other => throw new NotSupportedException($"Storage:Provider {other} is not supported."),
        };
}
