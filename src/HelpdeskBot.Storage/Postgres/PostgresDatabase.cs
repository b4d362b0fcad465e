using System.Data.Common;
using HelpdeskBot.Storage.Schema;
using HelpdeskBot.Storage.Sql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HelpdeskBot.Storage.Postgres;

/// <summary>
/// A PostgreSQL database shared by every instance. One <see cref="NpgsqlDataSource"/> (connection pool) per
/// process; migrations are serialized across instances by a session advisory lock.
/// </summary>
internal sealed class PostgresDatabase : StorageDatabase
{
    /// <summary>Advisory lock key of the migrator: any constant unique to HelpdeskBot in this database ("HDBT" + 1).</summary>
    private const long MigrationLockKey = 0x4844_4254_0000_0001;

    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly PostgresEntraPasswordProvider? _entra;

    /// <param name="maxPoolSize">Connections this instance may hold (<c>Storage:Postgres:MaxPoolSize</c>); 0 keeps the connection string's (Npgsql's default 100).</param>
    /// <param name="entra">Signs in with Entra tokens as the password (<c>Storage:Postgres:Authentication=Entra</c>); null = the connection string's password.</param>
    public PostgresDatabase(string connectionString, ILogger<PostgresDatabase> logger, TimeProvider timeProvider, int maxPoolSize = 0, PostgresEntraPasswordProvider? entra = null)
        : base("Postgres")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _logger = logger;
        _timeProvider = timeProvider;
        _entra = entra;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Host, port and database only: the password (and any other secret) stays out of logs and health output.
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        if (maxPoolSize > 0)
        {
            builder.MaxPoolSize = maxPoolSize;
        }

        var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString);
        if (entra is not null)
        {
            // Asked for every new physical connection; the provider hands out a cached token until shortly before expiry.
            dataSource.UsePasswordProvider(_ => entra.GetPassword(), (_, cancellationToken) => entra.GetPasswordAsync(cancellationToken));
        }

        DataSource = dataSource.Build();
    }

    public NpgsqlDataSource DataSource { get; }

    public override string Description { get; }

    public override SqlDialect Dialect => PostgresDialect.Instance;

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>READ COMMITTED: each store's statements carry their own guards (version checks, SKIP LOCKED, key locks).</summary>
    protected override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Instances starting together queue here; each then applies only what is still missing.
            Log.WaitingForMigrationLock(_logger, Description);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@key);", connection))
            {
                lockCommand.Parameters.AddWithValue("key", MigrationLockKey);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await ApplyMissingAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // The server releases it anyway if this connection dies; unlock so the pooled connection is clean.
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key);", connection);
                unlock.Parameters.AddWithValue("key", MigrationLockKey);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task ApplyMissingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL);",
            connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var current = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        // A script changed after it was applied stops here, before anything else is applied.
        await MigrationChecksums.VerifyAndRecordAsync(connection, null, Dialect, Migrations, ChecksumColumnExists, cancellationToken).ConfigureAwait(false);
        foreach (var migration in Migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            // Each migration and its schema_version row commit together (PostgreSQL DDL is transactional).
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
                {
                    await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at);", connection, transaction))
                {
                    record.Parameters.AddWithValue("version", migration.Version);
                    record.Parameters.AddWithValue("name", migration.Name);
                    record.Parameters.AddWithValue("at", _timeProvider.GetUtcNow());
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            Log.MigrationApplied(_logger, migration.Version, migration.Name, Description);
        }

        // The checksums of what was just applied (and, the first time the column exists, of everything before).
        await MigrationChecksums.VerifyAndRecordAsync(connection, null, Dialect, Migrations, ChecksumColumnExists, cancellationToken).ConfigureAwait(false);
        if (current > LatestVersion)
        {
            Log.SchemaNewerThanBuild(_logger, Description, current, LatestVersion);
        }

        var version = Math.Max(current, LatestVersion);
        Log.SchemaReady(_logger, Description, version);
    }

    private const string ChecksumColumnExists =
        "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'schema_version' AND column_name = 'checksum';";

    public override async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_version') IS NOT NULL;", connection);
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return 0;
            }

            return await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version;", connection);
        return (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public override async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync().ConfigureAwait(false);
        _entra?.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
