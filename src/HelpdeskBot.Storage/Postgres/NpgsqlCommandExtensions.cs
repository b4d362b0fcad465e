using Npgsql;
using NpgsqlTypes;

namespace HelpdeskBot.Storage.Postgres;

internal static class NpgsqlCommandExtensions
{
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction);

    /// <summary>Adds a parameter. Instants go as UTC timestamptz; nulls are typed text so "@p IS NULL" plans.</summary>
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value)
    {
        command.Parameters.Add(value switch
        {
            null => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = DBNull.Value },
            string text => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = text },
            DateTimeOffset instant => new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = instant.ToUniversalTime() },
            _ => new NpgsqlParameter(name, value),
        });
        return command;
    }

    public static NpgsqlCommand WithJson(this NpgsqlCommand command, string name, string json)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Json) { Value = json });
        return command;
    }

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset GetInstant(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? GetNullableInstant(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
