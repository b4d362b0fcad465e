using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// /health/ready says "Degraded" (still 200: the bot serves) while <c>Tickets:HelpdeskChannel</c> names a channel Teams
/// said no longer exists, so an administrator sees that escalations are not posted there. Healthy without the setting.
/// A store that does not answer is the storage check's to report; this one then says nothing. Never throws.
/// </summary>
internal sealed class HelpdeskChannelHealthCheck(HelpdeskChannels channels) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (await channels.ConfiguredStateAsync(cancellationToken).ConfigureAwait(false) is not (_, { } goneSince))
            {
                return HealthCheckResult.Healthy();
            }

            var next = await channels.AnyAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Degraded(
                $"Tickets:HelpdeskChannel no longer exists in Teams (since {goneSince:u}): "
                + (next is null ? "incidents are not posted in Teams" : "incidents go to the next connected channel")
                + ". Set it to a channel that exists, or connect one with \"@HelpdeskBot use this channel for escalations\".");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Healthy("Not checked: the store did not answer (see the storage check).");
        }
    }
}
