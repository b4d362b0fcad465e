using System.Data.Common;
using HelpdeskBot.Storage.Sql;
using Npgsql;
using NpgsqlTypes;

namespace HelpdeskBot.Storage.Postgres;

/// <summary>
/// PostgreSQL: instants as UTC timestamptz, typed text nulls (so "@p IS NULL" plans), a json payload column, a
/// sequence for ticket numbers, and transaction-scoped advisory locks per key for writers that must queue.
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public override DbParameter Parameter(string name, object? value) => value switch
    {
        null => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = DBNull.Value },
        string text => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = text },
        DateTimeOffset instant => new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = instant.ToUniversalTime() },
        _ => new NpgsqlParameter(name, value),
    };

    public override DbParameter InstantParameter(string name, DateTimeOffset? value) =>
        value is { } instant ? Parameter(name, instant) : new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = DBNull.Value };

    public override DbParameter JsonParameter(string name, string json) => new NpgsqlParameter(name, NpgsqlDbType.Json) { Value = json };

    public override DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override string JsonAsText(string column) => column + "::text";

    public override string InsertionOrder => "joined_order";

    public override string Greatest(string left, string right) => $"GREATEST({left}, {right})";

    public override string Least(string left, string right) => $"LEAST({left}, {right})";

    public override string NextTicketNumberSql => "SELECT nextval('embedded_ticket_seq');";

    public override string SkipLocked => " FOR UPDATE SKIP LOCKED";

    public override string KeyLockSql => "SELECT pg_advisory_xact_lock(hashtextextended(@lock, 0));";
}
