using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage.Schema;

/// <summary>Ready when the database answers within the timeout and holds this build's schema.</summary>
internal sealed class StorageHealthCheck(StorageDatabase database, StorageHealthCheckTimeout timeout, ILogger<StorageHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout.Value);
        int version;
        try
        {
            version = await database.GetSchemaVersionAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.HealthCheckFailed(logger, exception, database.Description);
            // The exception type only: messages of some drivers quote the data source.
            return HealthCheckResult.Unhealthy($"{database.Description} is unreachable ({exception.GetType().Name}).");
        }

        var data = new Dictionary<string, object> { ["schemaVersion"] = version, ["expectedSchemaVersion"] = database.LatestVersion };
        return version >= database.LatestVersion
            ? HealthCheckResult.Healthy($"{database.Description} at schema version {version}.", data)
            : HealthCheckResult.Unhealthy($"{database.Description} is at schema version {version}; {database.LatestVersion} expected (migration pending).", data: data);
    }
}

/// <summary>How long the health check waits for the database.</summary>
internal sealed record StorageHealthCheckTimeout(TimeSpan Value);
