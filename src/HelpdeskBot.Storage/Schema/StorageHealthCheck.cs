using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage.Schema;

/// <summary>
/// Ready when the database answers within the timeout, holds this build's schema and takes a write: a real,
/// committed upsert of this instance's row in <c>health_probe</c>, so a full disk, a read-only file or mount
/// (SQLite) or read-only transactions (PostgreSQL) read as not ready. The answer is reused for
/// <see cref="StorageHealthCheckTimeout.CacheDuration"/> so frequent probes do not hammer the store (a singleton:
/// AddCheck&lt;T&gt; takes the registered instance). Never throws.
/// </summary>
internal sealed class StorageHealthCheck(StorageDatabase database, StorageHealthCheckTimeout timeout, TimeProvider time, ILogger<StorageHealthCheck> logger) : IHealthCheck, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset Until)? _cached;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (Cached() is { } cached)
        {
            return cached;
        }

        try
        {
            // One check at a time: probes arriving together share the answer of the one that ran.
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The health check was cancelled.");
        }

        try
        {
            if (Cached() is { } again)
            {
                return again;
            }

            var result = await CheckAsync(cancellationToken).ConfigureAwait(false);
            _cached = (result, time.GetUtcNow() + timeout.CacheDuration);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private HealthCheckResult? Cached() =>
        _cached is { } cached && time.GetUtcNow() < cached.Until ? cached.Result : null;

    private async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        // The timeout on the injected clock (CancelAfter would run on the real one).
        using var expiry = new CancellationTokenSource(timeout.Value, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        int version;
        try
        {
            version = await database.GetSchemaVersionAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.HealthCheckFailed(logger, exception, database.Description);
            // The exception type only: messages of some drivers quote the data source.
            return HealthCheckResult.Unhealthy($"{database.Description} is unreachable ({exception.GetType().Name}).");
        }

        var data = new Dictionary<string, object> { ["schemaVersion"] = version, ["expectedSchemaVersion"] = database.LatestVersion };
        if (version < database.LatestVersion)
        {
            return HealthCheckResult.Unhealthy($"{database.Description} is at schema version {version}; {database.LatestVersion} expected (migration pending).", data: data);
        }

        try
        {
            await ProbeWriteAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.HealthCheckFailed(logger, exception, database.Description);
            var code = exception is DbException { SqlState: { Length: > 0 } state } ? $", SQLSTATE {state}" : string.Empty;
            return HealthCheckResult.Unhealthy($"{database.Description} cannot be written ({exception.GetType().Name}{code}).", data: data);
        }

        return HealthCheckResult.Healthy($"{database.Description} at schema version {version}, writable.", data);
    }

    /// <summary>Upserts this instance's row and commits: the path every store write takes.</summary>
    private async Task ProbeWriteAsync(CancellationToken cancellationToken)
    {
        var session = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var command = session.Command(
                    "INSERT INTO health_probe (instance, written_at) VALUES (@instance, @at) " +
                    "ON CONFLICT (instance) DO UPDATE SET written_at = excluded.written_at;")
                .With("instance", Environment.MachineName)
                .With("at", time.GetUtcNow().ToUnixTimeMilliseconds());
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            // Rows of instances gone for longer than Storage:HealthProbeRetention (replaced pods): the table stays the
            // size of the live instances. A few rows: no index needed.
            var purge = session.Command("DELETE FROM health_probe WHERE written_at < @before;")
                .With("before", (time.GetUtcNow() - timeout.ProbeRetention).ToUnixTimeMilliseconds());
            await using (purge.ConfigureAwait(false))
            {
                await purge.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>How long the health check waits for the database, how long its answer is reused, and how long a silent instance's row stays.</summary>
internal sealed record StorageHealthCheckTimeout(TimeSpan Value, TimeSpan CacheDuration, TimeSpan ProbeRetention);
