using HelpdeskBot.Tickets.Dispatching;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>
/// A connection that, once it has taken this process's SQLite write turn, holds it until it is disposed (see
/// <see cref="SqliteDatabase.OpenWriterAsync"/>). Writers of one process queue on an async gate instead of on
/// SQLite's lock: a blocked BEGIN IMMEDIATE waits in SQLite's busy handler, which sleeps a pool thread for 1 to
/// 100 ms between polls (https://www.sqlite.org/c3ref/busy_timeout.html). Under a burst of reports that sleeping
/// starved the thread pool and put 100+ ms on every answer; queued on the gate, the next writer starts as soon
/// as the previous one commits and no thread waits; a request's writer goes before a background dispatcher's
/// (<see cref="SqliteWriteTurn"/>; the deliveries' before the other dispatchers'). The wait and the time held are recorded
/// (<see cref="SqliteTelemetry"/>).
/// </summary>
internal sealed class SqliteWriterConnection(string connectionString, TimeProvider time) : SqliteConnection(connectionString)
{
    private SqliteWriteTurn? _turn;
    private long _takenAt;
    private KeyValuePair<string, object?> _writer;

    /// <summary>Waits for this process's write turn; it is given back when the connection is disposed.</summary>
    public async Task TakeTurnAsync(SqliteWriteTurn turn, CancellationToken cancellationToken)
    {
        var asked = time.GetTimestamp();
        var urgency = BackgroundWork.Urgency;
        _writer = SqliteTelemetry.Writer(urgency);
        await turn.TakeAsync(urgency, cancellationToken).ConfigureAwait(false);
        _takenAt = time.GetTimestamp();
        _turn = turn;
        SqliteTelemetry.WriteTurnWait.Record(time.GetElapsedTime(asked, _takenAt).TotalSeconds, _writer);
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        finally
        {
            if (Interlocked.Exchange(ref _turn, null) is { } turn)
            {
                SqliteTelemetry.WriteTurnHeld.Record(time.GetElapsedTime(_takenAt).TotalSeconds, _writer);
                turn.Release();
            }
        }
    }
}
