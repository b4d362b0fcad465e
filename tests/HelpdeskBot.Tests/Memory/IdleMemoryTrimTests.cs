using System.Runtime.CompilerServices;
using HelpdeskBot.Memory;
using HelpdeskBot.Storage;
using HelpdeskBot.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tests.Memory;

/// <summary>What one trim after a burst gives back: the heap's free regions and the idle pooled SQLite connections.</summary>
public sealed class IdleMemoryTrimTests
{
    /// <summary>The trim with what the storage registers for it, as the bot wires it.</summary>
    private static IdleMemoryTrim Trim()
    {
        using var services = new ServiceCollection()
            .AddHelpdeskBotStorage(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        return new(TimeProvider.System, Options.Create(new MemoryOptions()), [.. services.GetServices<IIdleTrimTarget>()], NullLogger<IdleMemoryTrim>.Instance);
    }

    [Fact]
    public void A_trim_returns_the_memory_a_burst_left_in_the_heap_to_the_OS()
    {
        var during = LeaveBurstGarbage();

        Trim().Trim();

        var after = GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes;
        Assert.True(after < during - (64L << 20), $"committed {during >> 20} MiB during the burst, {after >> 20} MiB after the trim");
    }

    /// <summary>A burst's garbage: 128 MiB of small objects that lived long enough to be promoted, then died (when this returns).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long LeaveBurstGarbage()
    {
        var burst = new List<byte[]>();
        for (var i = 0; i < 2048; i++)
        {
            burst.Add(new byte[64 * 1024 - 64]);
        }

        GC.Collect();
        GC.Collect();
        var committed = GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes;
        GC.KeepAlive(burst);
        return committed;
    }

    [Fact]
    public async Task A_trim_closes_the_idle_pooled_SQLite_connections_and_the_next_open_works()
    {
        Prerequisite.Check(Directory.Exists("/proc/self/fd"), "/proc/self/fd", "counts the open database files");

        var path = Path.Combine(Path.GetTempPath(), $"hb-trim-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        try
        {
            // Several at once, as a burst opens them; closed, they stay open in the pool.
            var open = new List<SqliteConnection>();
            for (var i = 0; i < 4; i++)
            {
                var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync();
                open.Add(connection);
            }

            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }

            Assert.Equal(4, OpenHandles(path));

            Trim().Trim();

            Assert.Equal(0, OpenHandles(path));
            await using var again = new SqliteConnection(connectionString);
            await again.OpenAsync();
            await using var command = again.CreateCommand();
            command.CommandText = "SELECT 1;";
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public void The_interval_is_checked_at_start_up()
    {
        var results = new DataAnnotationValidateOptions<MemoryOptions>(null).Validate(null, new MemoryOptions { IdleTrimInterval = TimeSpan.FromHours(2) });
        Assert.Contains("Memory:IdleTrimInterval must be between 00:00:00 (off) and 01:00:00", results.FailureMessage, StringComparison.Ordinal);
        Assert.True(new DataAnnotationValidateOptions<MemoryOptions>(null).Validate(null, new MemoryOptions { IdleTrimInterval = TimeSpan.Zero }).Succeeded);
    }

    /// <summary>This process's open file descriptors on <paramref name="path"/> (Linux).</summary>
    private static int OpenHandles(string path) =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(fd => fd.LinkTarget == path);
}
