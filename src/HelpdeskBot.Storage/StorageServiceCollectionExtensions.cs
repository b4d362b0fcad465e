using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Storage.Postgres;
using HelpdeskBot.Storage.RateLimiting;
using HelpdeskBot.Storage.Schema;
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
    /// <see cref="IOutboxStore"/>, <see cref="IEmbeddedTicketStore"/>, <see cref="IIncidentStore"/>,
    /// <see cref="IRateLimitStore"/>), the schema migrator (a hosted service) and the "storage" health check
    /// (tags "ready", "storage").
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
        services.TryAddSingleton(sp => new PostgresDatabase(
            // The validator has checked it is there when Provider is Postgres; only then is this resolved.
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Postgres.ConnectionString ?? string.Empty,
            sp.GetRequiredService<ILogger<PostgresDatabase>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => Pick<StorageDatabase, SqliteDatabase, PostgresDatabase>(sp));
        services.TryAddSingleton(sp => new StorageHealthCheckTimeout(sp.GetRequiredService<IOptions<StorageOptions>>().Value.HealthCheckTimeout));

        // Both engines' stores are registered; only the chosen engine's are ever constructed.
        services.TryAddSingleton<SqliteCaseStore>();
        services.TryAddSingleton<SqliteOutboxStore>();
        services.TryAddSingleton<SqliteEmbeddedTicketStore>();
        services.TryAddSingleton<SqliteIncidentStore>();
        services.TryAddSingleton<SqliteRateLimitStore>();
        services.TryAddSingleton<PostgresCaseStore>();
        services.TryAddSingleton<PostgresOutboxStore>();
        services.TryAddSingleton<PostgresEmbeddedTicketStore>();
        services.TryAddSingleton<PostgresIncidentStore>();
        services.TryAddSingleton<PostgresRateLimitStore>();

        services.TryAddSingleton(sp => Pick<ICaseStore, SqliteCaseStore, PostgresCaseStore>(sp));
        services.TryAddSingleton(sp => Pick<IOutboxStore, SqliteOutboxStore, PostgresOutboxStore>(sp));
        services.TryAddSingleton(sp => Pick<IEmbeddedTicketStore, SqliteEmbeddedTicketStore, PostgresEmbeddedTicketStore>(sp));
        services.TryAddSingleton(sp => Pick<IIncidentStore, SqliteIncidentStore, PostgresIncidentStore>(sp));
        services.TryAddSingleton(sp => Pick<IRateLimitStore, SqliteRateLimitStore, PostgresRateLimitStore>(sp));

        services.AddHostedService<StorageMigrator>();
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
