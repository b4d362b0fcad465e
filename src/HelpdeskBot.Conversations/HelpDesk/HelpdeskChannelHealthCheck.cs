using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// /health/ready says "Degraded" (still 200: the bot serves) while <c>Tickets:HelpdeskChannel</c> names a channel Teams
/// said no longer exists, or while a help-desk channel was lost (deleted, or its team deleted or archived) and no other
/// channel is left, so an administrator sees that escalations (and parked ones) are not announced in Teams. Healthy
/// without a channel never connected. A store that does not answer is the storage check's to report; this one then
/// says nothing. Never throws.
/// </summary>
internal sealed class HelpdeskChannelHealthCheck(HelpdeskChannels channels, IHelpdeskStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var next = await channels.AnyAsync(cancellationToken).ConfigureAwait(false);
            if (await channels.ConfiguredStateAsync(cancellationToken).ConfigureAwait(false) is (_, { } goneSince))
            {
                return HealthCheckResult.Degraded(
                    $"Tickets:HelpdeskChannel no longer exists in Teams (since {goneSince:u}): "
                    + (next is null ? "incidents and parked escalations are not posted in Teams" : "incidents go to the next connected channel")
                    + $". Set it to a channel that exists (or remove it), or connect that channel from Teams with \"{IncidentCards.ConnectCommand}\" there.");
            }

            if (next is null && await store.LastGoneAsync(cancellationToken).ConfigureAwait(false) is { } lost)
            {
                return HealthCheckResult.Degraded(
                    $"The help-desk channel {lost.ChannelId} is gone from Teams (deleted, or its team deleted or archived; since {lost.GoneAt:u}) and no other channel is connected: "
                    + $"incidents and parked escalations are not posted in Teams. Connect one with \"{IncidentCards.ConnectCommand}\".");
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Healthy("Not checked: the store did not answer (see the storage check).");
        }
    }
}
