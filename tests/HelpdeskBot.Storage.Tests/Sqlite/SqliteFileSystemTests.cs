using HelpdeskBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HelpdeskBot.Storage.Tests.Sqlite;

/// <summary>SQLite keeps WAL off a network file system (App Service's /home is CIFS) and says so.</summary>
public sealed class SqliteFileSystemTests : IDisposable
{
    // The mount table of an App Service Linux container: /home is the site's Azure Files share.
    private const string AppServiceMounts = """
        617 541 0:143 / / rw,relatime master:186 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X:/var/lib/docker/overlay2/l/Y
        618 617 0:146 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
        640 617 0:52 / /home rw,relatime - cifs //waws-prod-am2-123.file.core.windows.net/volume-1-default/abc rw,vers=3.1.1,cache=strict
        641 617 8:1 / /tmp rw,relatime - ext4 /dev/sda1 rw
        642 617 8:2 / /mnt/data\040files rw,relatime - nfs4 server:/export rw
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("hb-sqlite-fs-").FullName;

    [Theory]
    [InlineData("/home/data/helpdeskbot.db", "cifs")]
    [InlineData("/home", "cifs")]
    [InlineData("/homework/helpdeskbot.db", "overlay")]
    [InlineData("/tmp/helpdeskbot.db", "ext4")]
    [InlineData("/app/data/helpdeskbot.db", "overlay")]
    [InlineData("/mnt/data files/helpdeskbot.db", "nfs4")]
    public void The_longest_mount_point_above_a_path_names_its_file_system(string path, string expected) =>
        Assert.Equal(expected, SqliteFileSystem.TypeOf(AppServiceMounts, path));

    [Theory]
    [InlineData("cifs", true)]
    [InlineData("nfs4", true)]
    [InlineData("fuse.blobfuse2", true)]
    [InlineData("ext4", false)]
    [InlineData("overlay", false)]
    [InlineData("fuse.fuse-overlayfs", false)]
    [InlineData(null, false)]
    public void Network_file_systems_are_told_from_local_ones(string? type, bool network) =>
        Assert.Equal(network, SqliteFileSystem.IsNetwork(type));

    [Fact]
    public void This_machine_temp_folder_is_found_in_the_real_mount_table_as_local()
    {
        var type = SqliteFileSystem.TypeOf(Path.Combine(_folder, "helpdeskbot.db"));
        Assert.False(string.IsNullOrEmpty(type));
        Assert.False(SqliteFileSystem.IsNetwork(type), $"the test machine's temp folder is on {type}");
    }

    [Fact]
    public async Task On_a_local_disk_the_file_uses_WAL()
    {
        var path = Path.Combine(_folder, "local.db");
        var logger = new FakeLogger<SqliteDatabase>();
        await using (var database = new SqliteDatabase(path, TimeSpan.FromSeconds(5), logger, TimeProvider.System, _ => "ext4"))
        {
            await database.EnsureSchemaAsync(CancellationToken.None);
        }

        Assert.Equal("wal", await JournalModeAsync(path));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Id.Id == 7007);
    }

    [Fact]
    public async Task On_a_network_file_system_WAL_is_refused_even_for_a_file_already_in_WAL_with_a_warning_naming_path_and_file_system()
    {
        var path = Path.Combine(_folder, "moved.db");
        await using (var local = new SqliteDatabase(path, TimeSpan.FromSeconds(5), new FakeLogger<SqliteDatabase>(), TimeProvider.System, _ => "ext4"))
        {
            await local.EnsureSchemaAsync(CancellationToken.None);
        }

        Assert.Equal("wal", await JournalModeAsync(path));
        var logger = new FakeLogger<SqliteDatabase>();
        await using (var share = new SqliteDatabase(path, TimeSpan.FromSeconds(5), logger, TimeProvider.System, _ => "cifs"))
        {
            await share.EnsureSchemaAsync(CancellationToken.None);
        }

        Assert.Equal("delete", await JournalModeAsync(path));
        var warning = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 7007);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(path, warning.Message, StringComparison.Ordinal);
        Assert.Contains("(cifs)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Provider=Postgres", warning.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<string?> JournalModeAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        return (string?)await command.ExecuteScalarAsync();
    }
}
