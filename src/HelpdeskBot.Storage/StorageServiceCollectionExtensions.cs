using HelpdeskBot.Conversations.Cases;
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
        services.TryAddSingleton<StorageDatabase>(sp => Provider(sp) switch
        {
            StorageProvider.Sqlite => sp.GetRequiredService<SqliteDatabase>(),
            var other => throw new NotSupportedException($"Storage:Provider {other} is not available in this build."),
        });
        services.TryAddSingleton(sp => new StorageHealthCheckTimeout(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Postgres.HealthCheckTimeout));

        services.TryAddSingleton<SqliteCaseStore>();
        services.TryAddSingleton<SqliteOutboxStore>();
        services.TryAddSingleton<SqliteEmbeddedTicketStore>();
        services.TryAddSingleton<SqliteIncidentStore>();
        services.TryAddSingleton<SqliteRateLimitStore>();

        services.TryAddSingleton<ICaseStore>(sp => Pick<ICaseStore, SqliteCaseStore>(sp));
        services.TryAddSingleton<IOutboxStore>(sp => Pick<IOutboxStore, SqliteOutboxStore>(sp));
        services.TryAddSingleton<IEmbeddedTicketStore>(sp => Pick<IEmbeddedTicketStore, SqliteEmbeddedTicketStore>(sp));
        services.TryAddSingleton<IIncidentStore>(sp => Pick<IIncidentStore, SqliteIncidentStore>(sp));
        services.TryAddSingleton<IRateLimitStore>(sp => Pick<IRateLimitStore, SqliteRateLimitStore>(sp));

        services.AddHostedService<StorageMigrator>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: ["ready", "storage"]);
        return services;
    }

    private static StorageProvider Provider(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider;

    private static TService Pick<TService, TSqlite>(IServiceProvider services)
        where TSqlite : TService
        where TService : notnull => Provider(services) switch
        {
            StorageProvider.Sqlite => services.GetRequiredService<TSqlite>(),
            var other => throw new NotSupportedException($"Storage:Provider {other} is not available in this build."),
        };
}
