using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Storage.Sqlite;

internal static class SqliteCommandExtensions
{
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds a parameter; null becomes SQL NULL, an instant becomes microseconds since the epoch.</summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value switch
        {
            null => DBNull.Value,
            DateTimeOffset instant => DbTime.ToMicros(instant),
            bool flag => flag ? 1 : 0,
            _ => value,
        });
        return command;
    }

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset GetInstant(this SqliteDataReader reader, int ordinal) => DbTime.FromMicros(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetNullableInstant(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DbTime.FromMicros(reader.GetInt64(ordinal));
}
