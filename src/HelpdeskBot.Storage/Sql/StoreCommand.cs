using System.Data.Common;

namespace HelpdeskBot.Storage.Sql;

/// <summary>A command whose parameters and results go through the engine's <see cref="SqlDialect"/>.</summary>
internal sealed class StoreCommand(DbCommand command, SqlDialect dialect) : IAsyncDisposable
{
    /// <summary>Binds <c>@<paramref name="name"/></c>; null becomes SQL NULL.</summary>
    public StoreCommand With(string name, object? value)
    {
        command.Parameters.Add(dialect.Parameter(name, value));
        return this;
    }

    public StoreCommand WithJson(string name, string json)
    {
        command.Parameters.Add(dialect.JsonParameter(name, json));
        return this;
    }

    /// <summary>Binds each value as <c>@{prefix}0</c>, <c>@{prefix}1</c>… and returns the list to put inside <c>IN (…)</c>.</summary>
    public string WithList(string prefix, IReadOnlyList<string> values)
    {
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var name = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            names[i] = "@" + name;
            With(name, values[i]);
        }

        return string.Join(", ", names);
    }

    public string Text
    {
        get => command.CommandText;
        set => command.CommandText = value;
    }

    public Task<int> ExecuteAsync(CancellationToken cancellationToken) => command.ExecuteNonQueryAsync(cancellationToken);

    /// <summary>The first column of the first row, or null when there is none (or it is NULL).</summary>
    public async Task<object?> ScalarAsync(CancellationToken cancellationToken) =>
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull ? value : null;

    /// <summary>Every row, mapped by <paramref name="map"/>.</summary>
    public async Task<List<T>> ReadAsync<T>(Func<StoreRow, T> map, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var row = new StoreRow(reader, dialect);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(row));
            }
        }

        return rows;
    }

    public async Task<T?> ReadFirstAsync<T>(Func<StoreRow, T> map, CancellationToken cancellationToken)
        where T : class => (await ReadAsync(map, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public ValueTask DisposeAsync() => command.DisposeAsync();
}

/// <summary>The current row of a reader, with the engine's conversions for instants.</summary>
internal sealed class StoreRow(DbDataReader reader, SqlDialect dialect)
{
    public string String(int ordinal) => reader.GetString(ordinal);

    public string? NullableString(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

    public long Int64(int ordinal) => reader.GetInt64(ordinal);

    public int Int32(int ordinal) => reader.GetInt32(ordinal);

    public bool Boolean(int ordinal) => reader.GetBoolean(ordinal);

    public DateTimeOffset Instant(int ordinal) => dialect.ReadInstant(reader, ordinal);

    public DateTimeOffset? NullableInstant(int ordinal) => reader.IsDBNull(ordinal) ? null : dialect.ReadInstant(reader, ordinal);
}
