using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage;

/// <summary>Storage log messages (event ids 7000-7099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Storage: {Description}")]
    public static partial void StorageSelected(ILogger logger, string description);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Applied migration {Version} ({Name}) to {Description}")]
    public static partial void MigrationApplied(ILogger logger, int version, string name, string description);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Schema of {Description} is at version {Version}")]
    public static partial void SchemaReady(ILogger logger, string description, int version);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Schema of {Description} is at version {DatabaseVersion}, newer than this build's {KnownVersion}; continuing (rolling upgrade?)")]
    public static partial void SchemaNewerThanBuild(ILogger logger, string description, int databaseVersion, int knownVersion);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "Cannot bring the schema of {Description} up to date; retrying in {Delay}")]
    public static partial void MigrationFailed(ILogger logger, Exception exception, string description, TimeSpan delay);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Debug, Message = "Waiting for the migration lock of {Description}")]
    public static partial void WaitingForMigrationLock(ILogger logger, string description);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Storage health check failed for {Description}")]
    public static partial void HealthCheckFailed(ILogger logger, Exception exception, string description);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Warning, Message = "SQLite file {Path} is on a network file system ({FileSystem}): WAL cannot share its index there, so the rollback journal is used (slower writes, one instance only). Put Storage:Sqlite:Path on a local disk, or use Storage:Provider=Postgres")]
    public static partial void SqliteOnNetworkFileSystem(ILogger logger, string path, string fileSystem);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Critical, Message = "Migration {File} applied to {Description} was changed since; not retrying until the scripts are put right")]
    public static partial void MigrationChanged(ILogger logger, Exception exception, string description, string file);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Outbox row {Id} ({EscalationId}) taken over by {Owner}: the lease of {PreviousOwner} expired")]
    public static partial void LeaseTakenOver(ILogger logger, long id, string escalationId, string owner, string previousOwner);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Debug, Message = "Purged {Count} expired rate-limit windows")]
    public static partial void RateLimitsPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 7030, Level = LogLevel.Debug, Message = "Purged {Count} expired activity ledger entries")]
    public static partial void ActivityLedgerPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 7040, Level = LogLevel.Information, Message = "PostgreSQL sign-in token acquired from Microsoft Entra ID (expires {ExpiresOn:o})")]
    public static partial void PostgresTokenAcquired(ILogger logger, DateTimeOffset expiresOn);
}
