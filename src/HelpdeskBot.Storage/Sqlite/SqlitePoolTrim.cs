using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>
/// Closes the idle pooled SQLite connections: each keeps a page cache of up to 2 MiB; connections in use are returned
/// to no pool and close when disposed. The next open makes a connection afresh (microseconds). With PostgreSQL there
/// are no SQLite pools and this does nothing (Npgsql's idle connections are closed by its own pruning).
/// </summary>
internal sealed class SqlitePoolTrim : IIdleTrimTarget
{
    public void ReleaseIdle() => SqliteConnection.ClearAllPools();
}
