using System.Runtime.InteropServices;
using HelpdeskBot.Observability;
using HelpdeskBot.Storage;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Memory;

/// <summary>
/// Gives the memory a burst took back once it is over, so the working set returns to its level before the burst
/// instead of staying at the peak until the next one. Every <see cref="MemoryOptions.IdleTrimInterval"/> it looks
/// whether the process is quiet (allocating less than <see cref="QuietBytesPerSecond"/>: no reports, only the
/// dispatchers' polls) and has grown since the last trim; if so, once: what the other projects registered as
/// releasable when idle is let go (<see cref="IIdleTrimTarget"/>: the storage's idle pooled SQLite connections, each
/// with a page cache of up to 2 MiB), a compacting garbage collection gives the heap's free
/// regions back to the OS (GCCollectionMode.Aggressive), and glibc returns the native heap's free pages
/// (malloc_trim). Never while the bot is busy, so the hot path pays nothing.
/// </summary>
internal sealed class IdleMemoryTrim(TimeProvider time, IOptions<MemoryOptions> options, IEnumerable<IIdleTrimTarget> targets, ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    /// <summary>
    /// Below this the process is idle. A report allocates ~80 KB (load benchmark, docs/benchmarks.md), so this is
    /// about a dozen reports per second; an idle bot's polls allocate a few KB per second.
    /// </summary>
    public const long QuietBytesPerSecond = 1 << 20;

    /// <summary>Growth of the working set since the last trim that makes another worthwhile (5 %).</summary>
    private const double Growth = 1.05;

    private bool _mallocTrim = OperatingSystem.IsLinux();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.IdleTrimInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        var quiet = (long)(QuietBytesPerSecond * interval.TotalSeconds);
        var allocated = GC.GetTotalAllocatedBytes();
        var trimmedAt = Environment.WorkingSet;
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
                var now = GC.GetTotalAllocatedBytes();
                var idle = now - allocated < quiet;
                allocated = now;
                if (idle && Environment.WorkingSet > trimmedAt * Growth)
                {
                    trimmedAt = Trim();
                    allocated = GC.GetTotalAllocatedBytes();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Trims now; returns the working set after.</summary>
    public long Trim()
    {
        var before = Environment.WorkingSet;
        foreach (var target in targets)
        {
            target.ReleaseIdle();
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (_mallocTrim)
        {
            try
            {
                _ = MallocTrim(0);
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                _mallocTrim = false; // not glibc (musl, as on Alpine): the managed part still applies
            }
        }

        var after = Environment.WorkingSet;
        Log.IdleMemoryTrimmed(logger, before >> 20, after >> 20);
        return after;
    }

    /// <summary>glibc: returns free memory at the top of every heap and whole free pages inside it to the OS (man malloc_trim).</summary>
    /// <remarks>DllImport: a blittable call, and LibraryImport's generated stub would need the project to allow unsafe code.</remarks>
    [DllImport("libc", EntryPoint = "malloc_trim", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
