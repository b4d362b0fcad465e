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

    [Fact]
    public async Task Each_applied_migration_keeps_its_checksum_and_one_changed_since_stops_the_start_naming_its_file()
    {
        await using (var first = NewDatabase(_engine))
        {
            await first.EnsureSchemaAsync(default);
            Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM schema_version WHERE checksum IS NULL;"));
            Assert.Equal(first.Migrations[1].Checksum, await _engine.SqlAsync($"SELECT checksum FROM schema_version WHERE version = {first.Migrations[1].Version};"));
        }

        // As if the second script had been edited after this database applied it.
        await using var changed = NewDatabase(_engine);
        await _engine.SqlAsync($"UPDATE schema_version SET checksum = 'a1b2' WHERE version = {changed.Migrations[1].Version};");
        var migrator = new StorageMigrator(changed, TimeProvider.System, NullLogger<StorageMigrator>.Instance);
        var error = await Assert.ThrowsAsync<MigrationChangedException>(() => migrator.StartAsync(default));
        Assert.Contains(changed.Migrations[1].FilePath, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(changed.Migrations[1].Version.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + "_", changed.Migrations[1].FilePath.Split('/')[^1], StringComparison.Ordinal);
        Assert.False(changed.IsReady);
        migrator.Dispose();
    }

    [Fact]
    public async Task A_database_migrated_before_checksums_were_kept_gets_them_recorded_on_its_next_start()
    {
        await using (var first = NewDatabase(_engine))
        {
            await first.EnsureSchemaAsync(default);
        }

        await _engine.SqlAsync("UPDATE schema_version SET checksum = NULL;");
        await using var next = NewDatabase(_engine);
        await next.EnsureSchemaAsync(default);

        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM schema_version WHERE checksum IS NULL;"));
        Assert.Equal(next.Migrations[^1].Checksum, await _engine.SqlAsync($"SELECT checksum FROM schema_version WHERE version = {next.LatestVersion};"));
    }

    [Fact]
    public void A_checksum_ignores_line_endings_and_trailing_white_space_but_not_the_statements()
    {
        Assert.Equal(Migration.Hash("CREATE TABLE t (a int);\nDROP TABLE u;\n"), Migration.Hash("CREATE TABLE t (a int);  \r\nDROP TABLE u;\r\n\r\n"));
        Assert.NotEqual(Migration.Hash("CREATE TABLE t (a int);"), Migration.Hash("CREATE TABLE t (a bigint);"));
    }

    private async Task<long> CountAsync(string sql) =>
        Convert.ToInt64(await _engine.SqlAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<long> CountVersionRowsAsync(StorageEngine engine) =>
        Convert.ToInt64(await engine.SqlAsync("SELECT COUNT(*) FROM schema_version;"), System.Globalization.CultureInfo.InvariantCulture);
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
