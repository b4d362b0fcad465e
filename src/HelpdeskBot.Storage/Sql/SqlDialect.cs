using System.Data.Common;

namespace HelpdeskBot.Storage.Sql;

/// <summary>
/// What the two engines spell differently, and nothing else: how values go in and come out (SQLite keeps instants
/// as microseconds in INTEGER columns, PostgreSQL as timestamptz), a few SQL fragments, and the per-key write lock
/// that SQLite does not need (its single writer already serializes transactions).
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>A parameter named <paramref name="name"/> (without prefix) holding <paramref name="value"/> as this engine stores it.</summary>
    public abstract DbParameter Parameter(string name, object? value);

    /// <summary>A JSON document parameter (a json column on PostgreSQL, text on SQLite).</summary>
    public virtual DbParameter JsonParameter(string name, string json) => Parameter(name, json);

    /// <summary>An instant parameter that may be null (PostgreSQL needs the null typed as timestamptz).</summary>
    public virtual DbParameter InstantParameter(string name, DateTimeOffset? value) => Parameter(name, value);

    public abstract DateTimeOffset ReadInstant(DbDataReader reader, int ordinal);

    /// <summary>A JSON column read back as text.</summary>
    public virtual string JsonAsText(string column) => column;

    /// <summary>The larger of two values (SQLite's two-argument max, PostgreSQL's GREATEST).</summary>
    public abstract string Greatest(string left, string right);

    /// <summary>The smaller of two values (SQLite's two-argument min, PostgreSQL's LEAST).</summary>
    public abstract string Least(string left, string right);

    /// <summary>Appended to a claim's row selection: skips rows another claimer holds (PostgreSQL); empty where writers are serialized.</summary>
    public virtual string SkipLocked => string.Empty;

    /// <summary>Takes the next embedded ticket number; one row, one value.</summary>
    public abstract string NextTicketNumberSql { get; }

    /// <summary>The column that orders incident reporters who joined in the same microsecond (SQLite's rowid, an identity column on PostgreSQL).</summary>
    public abstract string InsertionOrder { get; }

    /// <summary>
    /// A statement that holds a lock on the text parameter <c>@lock</c> until the transaction ends, so writers of one
    /// key queue while other keys proceed; null when write transactions are already serialized.
    /// </summary>
    public virtual string? KeyLockSql => null;
}
