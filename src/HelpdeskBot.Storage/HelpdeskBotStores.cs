using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Protocol.Idempotency;
using HelpdeskBot.Storage.Postgres;
using HelpdeskBot.Storage.RateLimiting;
using HelpdeskBot.Storage.Schema;
using HelpdeskBot.Storage.Sql;
using HelpdeskBot.Storage.Sqlite;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HelpdeskBot.Storage;

/// <summary>
/// Every store over one database, without a host: for tests of other areas and for tools. The schema is
/// migrated before this returns. In the bot, use <c>AddHelpdeskBotStorage</c> instead.
/// </summary>
public sealed class HelpdeskBotStores : IAsyncDisposable
{
    private readonly StorageDatabase _database;

    private HelpdeskBotStores(StorageDatabase database, ICaseStore cases, IOutboxStore outbox, IDeliveryStore deliveries, IEmbeddedTicketStore tickets, IIncidentStore incidents, IRateLimitStore rateLimits, IActivityLedger activities, IHelpdeskStore helpdesk, IUserLanguageStore languages)
    {
        Languages = languages;
        Helpdesk = helpdesk;
        Deliveries = deliveries;
        _database = database;
        Cases = cases;
        Outbox = outbox;
        Tickets = tickets;
        Incidents = incidents;
        RateLimits = rateLimits;
        Activities = activities;
    }

    public ICaseStore Cases { get; }

    /// <summary>The database under the stores (for tests that hold its write turn).</summary>
    internal StorageDatabase Database => _database;

    public IOutboxStore Outbox { get; }

    public IDeliveryStore Deliveries { get; }

    public IEmbeddedTicketStore Tickets { get; }

    public IIncidentStore Incidents { get; }

    public IRateLimitStore RateLimits { get; }

    /// <summary>The inbound activity ledger (redelivered activities).</summary>
    public IActivityLedger Activities { get; }

    public IHelpdeskStore Helpdesk { get; }

    /// <summary>Users' language choices.</summary>
    public IUserLanguageStore Languages { get; }

    /// <summary>Opens (creating and migrating) the SQLite file at <paramref name="path"/>.</summary>
    public static async Task<HelpdeskBotStores> OpenSqliteAsync(string path, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        var database = new SqliteDatabase(path, new SqliteStorageOptions().BusyTimeout, loggerFactory.CreateLogger<SqliteDatabase>(), timeProvider ?? TimeProvider.System);
        await database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return Over(database, new SqliteOutboxStore(database, loggerFactory.CreateLogger<SqliteOutboxStore>()), new SqliteDeliveryStore(database), loggerFactory);
    }

    /// <summary>Opens (migrating) the PostgreSQL database of <paramref name="connectionString"/>, with its own connection pool.</summary>
    public static async Task<HelpdeskBotStores> OpenPostgresAsync(string connectionString, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        var database = new PostgresDatabase(connectionString, loggerFactory.CreateLogger<PostgresDatabase>(), timeProvider ?? TimeProvider.System);
        try
        {
            await database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return Over(database, new PostgresOutboxStore(database, loggerFactory.CreateLogger<PostgresOutboxStore>()), new PostgresDeliveryStore(database), loggerFactory);
    }

    private static HelpdeskBotStores Over(StorageDatabase database, IOutboxStore outbox, IDeliveryStore deliveries, ILoggerFactory loggerFactory) => new(
        database,
        new CaseStore(database),
        outbox,
        deliveries,
        new EmbeddedTicketStore(database),
        new IncidentStore(database),
        new RateLimitStore(database, loggerFactory.CreateLogger<RateLimitStore>()),
        new ActivityLedgerStore(database, loggerFactory.CreateLogger<ActivityLedgerStore>()),
        new HelpdeskStore(database),
        new UserLanguageStore(database));

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
