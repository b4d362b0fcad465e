using HelpdeskBot.Conversations.Catalog;
using HelpdeskBot.Tickets;
using HelpdeskBot.Tickets.Localization;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// Where an incident's card goes: the channel connected for the service's owning team, else the default channel
/// (the last one connected as default), else <c>Tickets:HelpdeskChannel</c> from configuration (unless Teams said it no
/// longer exists), else the last channel connected for any team, else none.
/// </summary>
internal sealed class HelpdeskChannels(IHelpdeskStore store, IOptions<TicketsOptions> tickets, ServiceCatalog catalog)
{
    /// <summary>The id under which <c>Tickets:HelpdeskChannel</c> is known when it is used.</summary>
    public const string ConfiguredPrefix = "config:";

    public Task<HelpdeskChannel?> RouteAsync(string? owningTeam, CancellationToken ct) => RouteAsync(owningTeam, [], ct);

    /// <summary>Where <paramref name="owningTeam"/>'s escalations go once the channels <paramref name="without"/> are gone (still connected while their loss is handled).</summary>
    public async Task<HelpdeskChannel?> RouteAsync(string? owningTeam, IReadOnlyCollection<string> without, CancellationToken ct)
    {
        var listed = (await store.ListChannelsAsync(ct).ConfigureAwait(false)).Where(c => !without.Contains(c.ChannelId)).ToList();
        var configured = await ConfiguredAsync(ct).ConfigureAwait(false);
        return Route(listed, owningTeam, configured is not null && !without.Contains(configured.ChannelId) ? configured : null);
    }

    public async Task<HelpdeskChannel?> FindAsync(string? channelId, CancellationToken ct)
    {
        if (channelId is null)
        {
            return null;
        }

        var channels = await store.ListChannelsAsync(ct).ConfigureAwait(false);
        return channels.FirstOrDefault(c => c.ChannelId == channelId)
            ?? (IsConfigured(channelId) ? await ConfiguredAsync(ct).ConfigureAwait(false) : null);
    }

    /// <summary>Any channel at all: a parked escalation is only announced (and the user only told so) when there is one.</summary>
    public Task<HelpdeskChannel?> AnyAsync(CancellationToken ct) => RouteAsync(null, ct);

    /// <summary>
    /// Which escalations go where: one route per owning team that has its own channel (by the catalogue's spelling),
    /// then the route of every other team (<see cref="ChannelRoute.OwningTeam"/> null), when there is any channel.
    /// </summary>
    public async Task<IReadOnlyList<ChannelRoute>> RoutesAsync(CancellationToken ct)
    {
        var channels = await store.ListChannelsAsync(ct).ConfigureAwait(false);
        var configured = await ConfiguredAsync(ct).ConfigureAwait(false);
        var routes = new List<ChannelRoute>();
        foreach (var team in channels.Where(c => c.OwningTeam is not null).Select(c => c.OwningTeam!).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            // Not null: the team has a channel of its own, which the route finds first.
            routes.Add(new ChannelRoute(team, Route(channels, team, configured)!));
        }

        if (Route(channels, null, configured) is { } rest)
        {
            routes.Add(new ChannelRoute(null, rest));
        }

        return routes;
    }

    /// <summary>The catalogue's owning teams (its spelling, sorted): the teams a channel can be connected for.</summary>
    public IReadOnlyList<string> CatalogueTeams() =>
        [.. catalog.Entries.Select(e => e.OwningTeam?.Trim()).Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The catalogue's spelling of <paramref name="name"/>, or null when no service of the catalogue is owned by such a team.</summary>
    public string? FindTeam(string name) => CatalogueTeams().FirstOrDefault(t => string.Equals(t, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The gone mark a channel connected (or connected again) from Teams keeps: <c>Tickets:HelpdeskChannel</c>'s, which stays
    /// skipped while Teams said it no longer exists; channels lost before no longer make readiness say none is left.
    /// </summary>
    public string? KeptGoneMark => Configured()?.ChannelId;

    /// <summary>Whether <paramref name="channelId"/> is <c>Tickets:HelpdeskChannel</c>'s.</summary>
    public bool IsConfigured(string channelId) => Configured()?.ChannelId == channelId;

    /// <summary><c>Tickets:HelpdeskChannel</c>, and when Teams said it no longer exists (null: it was not said).</summary>
    public async Task<(HelpdeskChannel Channel, DateTimeOffset? GoneSince)?> ConfiguredStateAsync(CancellationToken ct) =>
        Configured() is { } c ? (c, await store.GoneSinceAsync(c.ChannelId, ct).ConfigureAwait(false)) : null;

    /// <summary><c>Tickets:HelpdeskChannel</c> unless Teams said it no longer exists.</summary>
    private async Task<HelpdeskChannel?> ConfiguredAsync(CancellationToken ct) =>
        await ConfiguredStateAsync(ct).ConfigureAwait(false) is ({ } c, null) ? c : null;

    private static HelpdeskChannel? Route(IReadOnlyList<HelpdeskChannel> channels, string? owningTeam, HelpdeskChannel? configured) =>
        (owningTeam is null ? null : channels.LastOrDefault(c => string.Equals(c.OwningTeam, owningTeam, StringComparison.OrdinalIgnoreCase)))
            ?? channels.LastOrDefault(c => c.IsDefault)
            ?? configured
            // Only channels of single teams: the latest takes the rest rather than nobody hearing of them.
            ?? (channels.Count > 0 ? channels[^1] : null);

    private HelpdeskChannel? Configured() =>
        tickets.Value.HelpdeskChannel is { ServiceUrl: { Length: > 0 } url, ConversationId: { Length: > 0 } id } c
            ? new HelpdeskChannel(id, url, null, null, c.TenantId, null, null, null, true, ConfiguredPrefix + "Tickets:HelpdeskChannel", DateTimeOffset.UnixEpoch)
            : null;
}

/// <summary>Escalations of <paramref name="OwningTeam"/> (null: of every team without a channel of its own) go to <paramref name="Channel"/>.</summary>
internal sealed record ChannelRoute(string? OwningTeam, HelpdeskChannel Channel)
{
    /// <summary>How the help desk knows the channel: its name in Teams, General for the team's own conversation, or where it came from.</summary>
    public string Label(DeskTexts texts) => Channel switch
    {
        { ChannelName: { Length: > 0 } name } => name,
        { ConnectedBy: var by } when by.StartsWith(HelpdeskChannels.ConfiguredPrefix, StringComparison.Ordinal) => texts.ChannelLabelConfigured,
        { TeamId: { } team, ChannelId: var id } when team == id => texts.ChannelLabelGeneral,
        { TeamName: { Length: > 0 } team } => texts.ChannelLabelOfTeam(team),
        _ => texts.ChannelLabelAny,
    };
}
