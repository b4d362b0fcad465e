using System.Data.Common;
using HelpdeskBot.Storage.Sql;

namespace HelpdeskBot.Storage.Schema;

/// <summary>
/// One engine's database: brings the schema up to date once (on first use or from the hosted migrator,
/// whichever comes first) and answers the health check. Stores call <see cref="EnsureSchemaAsync"/> before
/// touching tables, so a store used without the host (tests, tools) still finds its schema.
/// </summary>
internal abstract class StorageDatabase : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    protected StorageDatabase(string engineFolder) => Migrations = Migration.Load(engineFolder);

    public IReadOnlyList<Migration> Migrations { get; }

    /// <summary>The schema version this build knows (the highest embedded migration).</summary>
    public int LatestVersion => Migrations[^1].Version;

    /// <summary>Engine and location for logs, never with a password.</summary>
    public abstract string Description { get; }

    public bool IsReady => _ready;

    /// <summary>How this engine spells values and the few statements that differ.</summary>
    public abstract SqlDialect Dialect { get; }

    /// <summary>
    /// This process's writers take one turn at a time (SQLite: <see cref="OpenWriterAsync"/> waits for it), so a write
    /// that often finds nothing to do (a dispatcher's claim woken for work another claim already took) looks first
    /// with a read, which takes no turn. False where writers run in parallel (PostgreSQL: the claim itself is as cheap).
    /// </summary>
    public virtual bool WritersTakeTurns => false;

    /// <summary>True when <paramref name="sql"/> (a query of one row and column) finds a row; a read, outside any write turn.</summary>
    public async Task<bool> AnyAsync(string sql, Action<StoreCommand> bind, CancellationToken cancellationToken)
    {
        var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command(sql);
            bind(command);
            return await command.ScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
        }
    }

    /// <summary>A session on an up-to-date schema (the stores' only way in).</summary>
    public async Task<StoreSession> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new StoreSession(connection, Dialect, BeginWriteAsync);
    }

    /// <summary>A session for statements that write (on SQLite it holds this process's write turn until disposed).</summary>
    public async Task<StoreSession> OpenWriterAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenWriterConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new StoreSession(connection, Dialect, BeginWriteAsync);
    }

    /// <summary>Runs one write statement; true when it changed exactly one row (the stores' conditional updates).</summary>
    public async Task<bool> ExecuteOneAsync(string sql, Action<StoreCommand> bind, CancellationToken cancellationToken)
    {
        var session = await OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command(sql);
            bind(command);
            return await command.ExecuteAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    /// <summary>Rows of <paramref name="table"/> per <c>state</c> value, every state present (zero when none).</summary>
    public async Task<IReadOnlyDictionary<TState, int>> CountByStateAsync<TState>(string table, Func<string, TState> fromDb, CancellationToken cancellationToken)
        where TState : struct, Enum
    {
        var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var counts = Enum.GetValues<TState>().ToDictionary(s => s, _ => 0);
            await using var command = session.Command($"SELECT state, CAST(COUNT(*) AS INTEGER) FROM {table} GROUP BY state;");
            foreach (var (state, count) in await command.ReadAsync(r => (r.String(0), r.Int32(1)), cancellationToken).ConfigureAwait(false))
            {
                counts[fromDb(state)] = count;
            }

            return counts;
        }
    }

    /// <summary>A writer session already inside its write transaction.</summary>
    public async Task<StoreSession> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var session = await OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await session.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>An open connection (the schema is not checked here).</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>An open connection for writing; by default any connection (PostgreSQL runs writers in parallel).</summary>
    protected virtual Task<DbConnection> OpenWriterConnectionAsync(CancellationToken cancellationToken) => OpenConnectionAsync(cancellationToken);

    /// <summary>Starts a write transaction on <paramref name="connection"/>.</summary>
    protected abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    public async ValueTask EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_ready)
            {
                await MigrateAsync(cancellationToken).ConfigureAwait(false);
                _ready = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies the missing migrations; safe when other processes do the same at once.</summary>
    protected abstract Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>A round trip to the database; returns the schema version it holds.</summary>
    public abstract Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync()
    {
        _gate.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
