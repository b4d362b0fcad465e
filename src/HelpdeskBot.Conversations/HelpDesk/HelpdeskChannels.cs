using HelpdeskBot.Tickets;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// Where an incident's card goes: the channel connected for the service's owning team, else the default channel
/// (the last one connected as default), else <c>Tickets:HelpdeskChannel</c> from configuration, else none.
/// </summary>
internal sealed class HelpdeskChannels(IHelpdeskStore store, IOptions<TicketsOptions> tickets)
{
    /// <summary>The id under which <c>Tickets:HelpdeskChannel</c> is known when it is used.</summary>
    public const string ConfiguredPrefix = "config:";

    public async Task<HelpdeskChannel?> RouteAsync(string? owningTeam, CancellationToken ct)
    {
        var channels = await store.ListChannelsAsync(ct).ConfigureAwait(false);
        return (owningTeam is null ? null : channels.LastOrDefault(c => string.Equals(c.OwningTeam, owningTeam, StringComparison.OrdinalIgnoreCase)))
            ?? channels.LastOrDefault(c => c.IsDefault)
            ?? (channels.Count > 0 ? channels[^1] : null)
            ?? Configured();
    }

    public async Task<HelpdeskChannel?> FindAsync(string? channelId, CancellationToken ct)
    {
        if (channelId is null)
        {
            return null;
        }

        var channels = await store.ListChannelsAsync(ct).ConfigureAwait(false);
        return channels.FirstOrDefault(c => c.ChannelId == channelId) ?? (Configured() is { } configured && configured.ChannelId == channelId ? configured : null);
    }

    /// <summary>Any channel at all: a parked escalation is only announced (and the user only told so) when there is one.</summary>
    public Task<HelpdeskChannel?> AnyAsync(CancellationToken ct) => RouteAsync(null, ct);

    private HelpdeskChannel? Configured() =>
        tickets.Value.HelpdeskChannel is { ServiceUrl: { Length: > 0 } url, ConversationId: { Length: > 0 } id } c
            ? new HelpdeskChannel(id, url, null, null, c.TenantId, null, null, null, true, ConfiguredPrefix + "Tickets:HelpdeskChannel", DateTimeOffset.UnixEpoch)
            : null;
}
