using System.Data.Common;

namespace HelpdeskBot.Storage.Sql;

/// <summary>
/// One open connection of a store (and its write transaction, once begun): every command made here runs in that
/// transaction and binds its parameters through the engine's <see cref="SqlDialect"/>.
/// </summary>
internal sealed class StoreSession(DbConnection connection, SqlDialect dialect, Func<DbConnection, CancellationToken, ValueTask<DbTransaction>> beginWrite) : IAsyncDisposable
{
    private DbTransaction? _transaction;

    public SqlDialect Dialect => dialect;

    public StoreCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        return new StoreCommand(command, dialect);
    }

    /// <summary>Begins the write transaction (SQLite: BEGIN IMMEDIATE, taking the write lock now).</summary>
    public async Task BeginWriteAsync(CancellationToken cancellationToken)
    {
        if (_transaction is not null)
        {
            throw new InvalidOperationException("A write transaction is already open on this session.");
        }

        _transaction = await beginWrite(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the engine's lock on <paramref name="key"/> for the rest of the transaction (nothing where writers are serialized).</summary>
    public async Task LockKeyAsync(string key, CancellationToken cancellationToken)
    {
        if (dialect.KeyLockSql is { } sql)
        {
            await using var command = Command(sql).With("lock", key);
            await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken) =>
        (_transaction ?? throw new InvalidOperationException("No write transaction to commit.")).CommitAsync(cancellationToken);

    public Task RollbackAsync(CancellationToken cancellationToken) =>
        (_transaction ?? throw new InvalidOperationException("No write transaction to roll back.")).RollbackAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync().ConfigureAwait(false);
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
