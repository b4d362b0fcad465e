using HelpdeskBot.Testing;

namespace HelpdeskBot.Storage.Tests;

/// <summary>
/// One empty database of one engine. Each <see cref="OpenAsync"/> is a separate "instance" of the bot's
/// storage on that database (its own connections), as two hosts behind a load balancer would have.
/// </summary>
public abstract class StorageEngine : IAsyncDisposable
{
    private readonly List<HelpdeskBotStores> _opened = [];

    public abstract string Name { get; }

    public async Task<HelpdeskBotStores> OpenAsync()
    {
        var stores = await OpenCoreAsync();
        lock (_opened)
        {
            _opened.Add(stores);
        }

        return stores;
    }

    protected abstract Task<HelpdeskBotStores> OpenCoreAsync();

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var stores in _opened)
        {
            await stores.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    public override string ToString() => Name;
}

public sealed class SqliteEngine : StorageEngine
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hb-storage-").FullName;

    public string Path => System.IO.Path.Combine(_folder, "helpdeskbot.db");

    public override string Name => "SQLite";

    protected override Task<HelpdeskBotStores> OpenCoreAsync() => HelpdeskBotStores.OpenSqliteAsync(Path);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

public sealed class PostgresEngine : StorageEngine
{
    private readonly PostgresTestDatabase _database;

    private PostgresEngine(PostgresTestDatabase database) => _database = database;

    public string ConnectionString => _database.ConnectionString;

    public override string Name => "PostgreSQL";

    /// <summary>A fresh database; without HB_TEST_POSTGRES the test is skipped (failed under CI=true).</summary>
    public static async Task<PostgresEngine> CreateAsync() =>
        new(await PostgresTestDatabase.CreateAsync("PostgreSQL storage engine contract tests"));

    protected override Task<HelpdeskBotStores> OpenCoreAsync() => HelpdeskBotStores.OpenPostgresAsync(_database.ConnectionString);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
