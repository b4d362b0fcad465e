using System.Data.Common;
using HelpdeskBot.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>SQLite: instants as microseconds since the epoch, booleans as 0/1, a counter table instead of sequences.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override DbParameter Parameter(string name, object? value) => new SqliteParameter("@" + name, value switch
    {
        null => DBNull.Value,
        DateTimeOffset instant => DbTime.ToMicros(instant),
        bool flag => flag ? 1 : 0,
        _ => value,
    });

    public override DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) => DbTime.FromMicros(reader.GetInt64(ordinal));

    public override string InsertionOrder => "rowid";

    public override string Greatest(string left, string right) => $"MAX({left}, {right})";

    public override string Least(string left, string right) => $"MIN({left}, {right})";

    public override string NextTicketNumberSql => "UPDATE sequences SET value = value + 1 WHERE name = 'embedded_ticket' RETURNING value;";
}
