using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Storage.RateLimiting;
using HelpdeskBot.Storage.Schema;
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

    private HelpdeskBotStores(StorageDatabase database, ICaseStore cases, IOutboxStore outbox, IEmbeddedTicketStore tickets, IIncidentStore incidents, IRateLimitStore rateLimits)
    {
        _database = database;
        Cases = cases;
        Outbox = outbox;
        Tickets = tickets;
        Incidents = incidents;
        RateLimits = rateLimits;
    }

    public ICaseStore Cases { get; }

    public IOutboxStore Outbox { get; }

    public IEmbeddedTicketStore Tickets { get; }

    public IIncidentStore Incidents { get; }

    public IRateLimitStore RateLimits { get; }

    /// <summary>Opens (creating and migrating) the SQLite file at <paramref name="path"/>.</summary>
    public static async Task<HelpdeskBotStores> OpenSqliteAsync(string path, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        var database = new SqliteDatabase(path, new SqliteStorageOptions().BusyTimeout, loggerFactory.CreateLogger<SqliteDatabase>(), timeProvider ?? TimeProvider.System);
        await database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return new HelpdeskBotStores(
            database,
            new SqliteCaseStore(database),
            new SqliteOutboxStore(database, loggerFactory.CreateLogger<SqliteOutboxStore>()),
            new SqliteEmbeddedTicketStore(database),
            new SqliteIncidentStore(database),
            new SqliteRateLimitStore(database, loggerFactory.CreateLogger<SqliteRateLimitStore>()));
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
