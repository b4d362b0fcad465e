using System.Data;
using System.Data.Common;
using System.Globalization;
using HelpdeskBot.Storage.Schema;
using HelpdeskBot.Storage.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>
/// The SQLite file: WAL journal (readers never block the writer), a busy timeout so concurrent writers queue
/// instead of failing, and write transactions opened with BEGIN IMMEDIATE so a transaction takes the write
/// lock up front and never fails half-way with SQLITE_BUSY on lock upgrade.
/// </summary>
internal sealed class SqliteDatabase : StorageDatabase
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly SqliteWriteTurn _writeTurn = new();

    private readonly Func<string, string?> _fileSystemOf;

    /// <param name="fileSystemOf">The file system type of a path; default <see cref="SqliteFileSystem.TypeOf(string)"/> (tests pass their own).</param>
    public SqliteDatabase(string path, TimeSpan busyTimeout, ILogger<SqliteDatabase> logger, TimeProvider timeProvider, Func<string, string?>? fileSystemOf = null)
        : base("Sqlite")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _fileSystemOf = fileSystemOf ?? SqliteFileSystem.TypeOf;
        _logger = logger;
        _timeProvider = timeProvider;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();
        // synchronous=NORMAL is durable across application crashes in WAL mode (only an OS crash may lose the
        // last transactions): https://www.sqlite.org/pragma.html#pragma_synchronous
        _pragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
    }

    public string Path { get; }

    public override string Description => $"SQLite {Path}";

    public override SqlDialect Dialect => SqliteDialect.Instance;

    /// <summary>Writers of this process queue for <see cref="_writeTurn"/>.</summary>
    public override bool WritersTakeTurns => true;

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await OpenRawAsync(cancellationToken).ConfigureAwait(false);

    protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(BeginWrite((SqliteConnection)connection));

    /// <summary>
    /// An open connection that is this process's only writer until disposed: writers queue asynchronously here
    /// rather than sleeping in SQLite's busy handler (see <see cref="SqliteWriterConnection"/>). Other processes
    /// on the same file are still kept apart by SQLite's lock and the busy timeout.
    /// </summary>
    protected override async Task<DbConnection> OpenWriterConnectionAsync(CancellationToken cancellationToken)
    {
        // The turn first, then the connection: writers waiting for the turn hold no connection. Opened the other way
        // round, a burst left one pooled connection (and its page cache, up to 2 MiB) per writer that had waited,
        // ~150 at 150 reports/s, kept by the pool for minutes; this way the pool hands the turn's holder the
        // connection the previous writer returned, whose cache is warm. Opening a pooled connection is microseconds.
        var connection = new SqliteWriterConnection(_connectionString, _timeProvider);
        try
        {
            await connection.TakeTurnAsync(_writeTurn, cancellationToken).ConfigureAwait(false);
            return await OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false); // gives the turn back
            throw;
        }
    }

    /// <summary>BEGIN IMMEDIATE: takes the single write lock now (waiting up to the busy timeout).</summary>
    private static SqliteTransaction BeginWrite(SqliteConnection connection) =>
        connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);

    protected override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // WAL is a property of the file: set once, kept by every later connection. Not on a network file system,
            // where WAL's shared-memory index cannot work (SqliteFileSystem): the rollback journal instead, which
            // also turns WAL off for a file moved there.
            var fileSystem = _fileSystemOf(Path);
            if (SqliteFileSystem.IsNetwork(fileSystem))
            {
                Log.SqliteOnNetworkFileSystem(_logger, Path, fileSystem!);
                await ExecuteAsync(connection, null, "PRAGMA journal_mode = DELETE;", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
            }

            // Two processes starting at once: the second waits on BEGIN IMMEDIATE, then sees the version.
            using var transaction = BeginWrite(connection);
            await ExecuteAsync(connection, transaction,
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);",
                cancellationToken).ConfigureAwait(false);
            var current = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            // A script changed after it was applied stops here, before anything else is applied.
            await MigrationChecksums.VerifyAndRecordAsync(connection, transaction, Dialect, Migrations, ChecksumColumnExists, cancellationToken).ConfigureAwait(false);
            foreach (var migration in Migrations)
            {
                if (migration.Version <= current)
                {
                    continue;
                }

                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                using var record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at);";
                record.Parameters.AddWithValue("@version", migration.Version);
                record.Parameters.AddWithValue("@name", migration.Name);
                record.Parameters.AddWithValue("@at", DbTime.ToMicros(_timeProvider.GetUtcNow()));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                Log.MigrationApplied(_logger, migration.Version, migration.Name, Description);
            }

            // The checksums of what was just applied (and, the first time the column exists, of everything before).
            await MigrationChecksums.VerifyAndRecordAsync(connection, transaction, Dialect, Migrations, ChecksumColumnExists, cancellationToken).ConfigureAwait(false);
            transaction.Commit();
            if (current > LatestVersion)
            {
                Log.SchemaNewerThanBuild(_logger, Description, current, LatestVersion);
            }

            var version = Math.Max(current, LatestVersion);
            Log.SchemaReady(_logger, Description, version);
        }
    }

    private const string ChecksumColumnExists = "SELECT COUNT(*) FROM pragma_table_info('schema_version') WHERE name = 'checksum';";

    public override async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken) =>
        OpenAsync(new SqliteConnection(_connectionString), cancellationToken);

    /// <summary>Opens <paramref name="connection"/> and applies the per-connection pragmas; disposes it on failure.</summary>
    private async Task<T> OpenAsync<T>(T connection, CancellationToken cancellationToken)
        where T : SqliteConnection
    {
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, _pragmas, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<int> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT CASE WHEN EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version') THEN 1 ELSE 0 END;";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
