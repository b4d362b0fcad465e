using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage.Schema;

/// <summary>
/// Brings the schema up to date when the host starts. A reachable database is migrated before the host
/// serves; an unreachable one does not stop the host (it reports not-ready on /health/ready) and is retried
/// in the background with a capped backoff, while stores wait for the schema on first use. A migration changed after
/// it was applied (<see cref="MigrationChecksums"/>) fails the start, naming the file.
/// </summary>
internal sealed class StorageMigrator(StorageDatabase database, TimeProvider timeProvider, ILogger<StorageMigrator> logger) : IHostedService, IDisposable
{
    // Backoff between attempts: 1 s doubling to 30 s, the usual reconnect cadence of database clients.
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _retries;
    private bool _disposed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Log.StorageSelected(logger, database.Description);
        try
        {
            await database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not MigrationChangedException)
        {
            Log.MigrationFailed(logger, exception, database.Description, FirstDelay);
            _retries = RetryAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // WebApplicationFactory can stop a host whose services it already disposed: nothing is left to stop then.
        if (_disposed)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_retries is not null)
        {
            await _retries.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _stopping.Dispose();
    }

    private async Task RetryAsync(CancellationToken stopping)
    {
        var delay = FirstDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, timeProvider, stopping).ConfigureAwait(false);
                await database.EnsureSchemaAsync(stopping).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (MigrationChangedException exception)
            {
                // Trying again changes nothing: the scripts must be put right. Stores keep failing with it meanwhile.
                Log.MigrationChanged(logger, exception, database.Description, exception.Migration.FilePath);
                return;
            }
            catch (Exception exception)
            {
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
                Log.MigrationFailed(logger, exception, database.Description, delay);
            }
        }
    }
}
