using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>
/// A connection that, once it has taken this process's SQLite write turn, holds it until it is disposed (see
/// <see cref="SqliteDatabase.OpenWriterAsync"/>). Writers of one process queue on an async gate instead of on
/// SQLite's lock: a blocked BEGIN IMMEDIATE waits in SQLite's busy handler, which sleeps a pool thread for 1 to
/// 100 ms between polls (https://www.sqlite.org/c3ref/busy_timeout.html). Under a burst of reports that sleeping
/// starved the thread pool and put 100+ ms on every answer; queued on the gate, the next writer starts as soon
/// as the previous one commits and no thread waits.
/// </summary>
internal sealed class SqliteWriterConnection : SqliteConnection
{
    private SemaphoreSlim? _turn;

    public SqliteWriterConnection(string connectionString)
        : base(connectionString)
    {
    }

    /// <summary>Waits for this process's write turn; it is given back when the connection is disposed.</summary>
    public async Task TakeTurnAsync(SemaphoreSlim turn, CancellationToken cancellationToken)
    {
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        _turn = turn;
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        finally
        {
            Interlocked.Exchange(ref _turn, null)?.Release();
        }
    }
}
