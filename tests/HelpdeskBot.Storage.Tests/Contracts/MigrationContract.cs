using HelpdeskBot.Storage.Postgres;
using HelpdeskBot.Storage.Schema;
using HelpdeskBot.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace HelpdeskBot.Storage.Tests.Contracts;

/// <summary>Schema creation and migration: versioned, idempotent, safe when instances start together.</summary>
public abstract class MigrationContract : IAsyncLifetime
{
    private StorageEngine _engine = null!;

    protected abstract Task<StorageEngine> CreateEngineAsync();

    private protected abstract StorageDatabase NewDatabase(StorageEngine engine);

    public async ValueTask InitializeAsync() => _engine = await CreateEngineAsync();

    public async ValueTask DisposeAsync()
    {
        if (_engine is not null) // null when creating it failed or skipped the test
        {
            await _engine.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_fresh_database_is_brought_to_the_latest_version_and_a_second_start_changes_nothing()
    {
        await using var first = NewDatabase(_engine);
        Assert.Equal(0, await first.GetSchemaVersionAsync(default));

        await first.EnsureSchemaAsync(default);
        await using var second = NewDatabase(_engine);
        await second.EnsureSchemaAsync(default);

        Assert.True(first.LatestVersion >= 1);
        Assert.Equal(first.LatestVersion, await second.GetSchemaVersionAsync(default));
        // The stores work on it.
        var stores = await _engine.OpenAsync();
        Assert.True((await stores.RateLimits.TryAcquireAsync("k", 1, TimeSpan.FromMinutes(1), DateTimeOffset.UnixEpoch, default)).Acquired);
    }

    [Fact]
    public async Task Eight_instances_starting_at_once_apply_each_migration_exactly_once()
    {
        var databases = Enumerable.Range(0, 8).Select(_ => NewDatabase(_engine)).ToList();
        try
        {
            await Task.WhenAll(databases.Select(d => Task.Run(async () => await d.EnsureSchemaAsync(default))));

            Assert.All(databases, d => Assert.True(d.IsReady));
            // schema_version's primary key would have refused a second row per version; the count proves one each.
            var stores = await _engine.OpenAsync();
            Assert.Equal(databases[0].LatestVersion, await databases[0].GetSchemaVersionAsync(default));
            Assert.Equal(databases[0].Migrations.Count, await CountVersionRowsAsync(_engine));
            Assert.NotNull(stores);
        }
        finally
        {
            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }
        }
    }

    private static async Task<long> CountVersionRowsAsync(StorageEngine engine)
    {
        switch (engine)
        {
            case SqliteEngine sqlite:
                await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={sqlite.Path}"))
                {
                    await connection.OpenAsync();
                    using var command = connection.CreateCommand();
                    command.CommandText = "SELECT COUNT(*) FROM schema_version;";
                    return (long)(await command.ExecuteScalarAsync())!;
                }

            case PostgresEngine postgres:
                await using (var connection = new Npgsql.NpgsqlConnection(postgres.ConnectionString))
                {
                    await connection.OpenAsync();
                    await using var command = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM schema_version;", connection);
                    return (long)(await command.ExecuteScalarAsync())!;
                }

            default:
                throw new NotSupportedException(engine.Name);
        }
    }
}

public sealed class SqliteMigrationTests : MigrationContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => Task.FromResult<StorageEngine>(new SqliteEngine());

    private protected override StorageDatabase NewDatabase(StorageEngine engine) =>
        new SqliteDatabase(((SqliteEngine)engine).Path, TimeSpan.FromSeconds(5), NullLogger<SqliteDatabase>.Instance, TimeProvider.System);
}

public sealed class PostgresMigrationTests : MigrationContract
{
    protected override async Task<StorageEngine> CreateEngineAsync() => await PostgresEngine.CreateAsync();

    private protected override StorageDatabase NewDatabase(StorageEngine engine) =>
        new PostgresDatabase(((PostgresEngine)engine).ConnectionString, NullLogger<PostgresDatabase>.Instance, TimeProvider.System);
}
