using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Tickets.Localization;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// A help-desk channel gone from Teams (deleted, or its team deleted or archived), known from Teams' event or from a
/// send answered 404: it is disconnected, and each open incident whose card lives there moves to the channel it routes
/// to now, where its card starts a new thread; an owning team whose channel it was is announced in the channel its
/// escalations go to now. With no channel left the incidents have none (so no card or notice claims the help desk was
/// told) and the team's General channel hears why, once.
/// </summary>
internal sealed class ChannelLoss(IHelpdeskStore store, HelpdeskChannels channels, DeskStates states, IDeliveryQueue delivery, DeskTexts texts, TimeProvider time, ILogger<ChannelLoss> logger)
{
    /// <param name="channelId">The channel gone.</param>
    /// <param name="resending">An incident whose card the caller sends again itself (so it is not queued here too).</param>
    /// <param name="teamGone">The whole team is gone (deleted or archived): its General channel cannot be told either.</param>
    public Task GoneAsync(string channelId, string? resending, bool teamGone, CancellationToken ct) =>
        GoneAsync([channelId], resending, teamGone, ct);

    /// <summary>
    /// Several channels gone at once (a team deleted or archived takes all of its channels): no incident moves and no
    /// owning team is told to go to any of them. What follows from the loss comes first and the disconnection last: a
    /// stop midway leaves the channels connected, so Teams' event sent again (which finds its channels among the
    /// connected ones) does it all again, each step once (a move only from the lost channel, notices keyed by what
    /// they say).
    /// </summary>
    public async Task GoneAsync(IReadOnlyList<string> channelIds, string? resending, bool teamGone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channelIds);
        var listed = await store.ListChannelsAsync(ct).ConfigureAwait(false);
        var lost = new List<(string ChannelId, HelpdeskChannel? Gone, bool Connected)>(channelIds.Count);
        foreach (var channelId in channelIds)
        {
            lost.Add((channelId, await channels.FindAsync(channelId, ct).ConfigureAwait(false), listed.Any(c => c.ChannelId == channelId)));
        }

        foreach (var (channelId, _, connected) in lost)
        {
            foreach (var incidentId in await store.ListOpenOnChannelAsync(channelId, ct).ConfigureAwait(false))
            {
                if (await MoveAsync(incidentId, channelId, channelIds, connected, ct).ConfigureAwait(false) && incidentId != resending)
                {
                    await delivery.EnqueueCardAsync(new LiveCard(IncidentCardSource.KindName, incidentId), null, ct).ConfigureAwait(false);
                }
            }
        }

        await TellWhereTeamsMovedAsync(listed.Where(c => channelIds.Contains(c.ChannelId)).ToList(), channelIds, ct).ConfigureAwait(false);

        foreach (var (channelId, _, _) in lost)
        {
            await store.DisconnectChannelAsync(channelId, ct).ConfigureAwait(false);
            // For Tickets:HelpdeskChannel (configuration cannot be changed from here) the mark makes routing skip it; for
            // any, /health/ready says a channel was lost while no other is connected.
            await store.MarkChannelGoneAsync(channelId, time.GetUtcNow(), ct).ConfigureAwait(false);
            if (channels.IsConfigured(channelId))
            {
                Log.ConfiguredChannelGone(logger, channelId);
            }
        }

        if (teamGone)
        {
            return;
        }

        var left = await channels.AnyAsync(ct).ConfigureAwait(false);
        foreach (var (channelId, gone, connected) in lost)
        {
            if ((left is null || left.ChannelId == channelId) && connected && gone is { TeamId: { } team } && team != channelId)
            {
                // Said once per channel, in the team's General channel (its conversation id is the team's).
                var general = IncidentCardSource.Reference(gone, team);
                await delivery.EnqueueMessageAsync(
                    $"channel-gone:{channelId}",
                    general,
                    general.CreateMessage(texts.ChannelGoneNotice(new ChannelRoute(null, gone).Label(texts), IncidentCards.ConnectCommand)),
                    ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Each owning team whose own channel is gone: the channel its escalations route to now hears it once per stored
    /// row (the key names the row: a loss handled twice, by Teams' event and a send's 404, says it once), in the help
    /// desk's language.
    /// </summary>
    private async Task TellWhereTeamsMovedAsync(IReadOnlyList<HelpdeskChannel> served, IReadOnlyList<string> lost, CancellationToken ct)
    {
        foreach (var row in served)
        {
            if (row.OwningTeam is not { } team || await channels.RouteAsync(team, lost, ct).ConfigureAwait(false) is not { } next)
            {
                continue;
            }

            var where = IncidentCardSource.Reference(next, next.ChannelId);
            var connectedAt = row.ConnectedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            await delivery.EnqueueMessageAsync(
                $"team-moved:{row.ChannelId}:{team}:{connectedAt}",
                where,
                where.CreateMessage(texts.TeamMovedNotice(texts.ConnectedOfTeam(team), new ChannelRoute(team, row).Label(texts))),
                ct).ConfigureAwait(false);
        }
    }

    /// <summary>The incident leaves the channel for where it routes now (null: nowhere); true when it has a channel again.</summary>
    private async Task<bool> MoveAsync(string incidentId, string channelId, IReadOnlyList<string> lost, bool disconnected, CancellationToken ct)
    {
        if (await store.GetAsync(incidentId, ct).ConfigureAwait(false) is not { Desk: { } desk })
        {
            return false;
        }

        var next = await channels.RouteAsync(desk.OwningTeam, lost, ct).ConfigureAwait(false);
        var moveTo = next?.ChannelId;
        var moved = await states.UpdateAsync(
            incidentId,
            f => f.Desk!.ChannelId == channelId ? DeskStates.Keep(f, f.Desk with { ChannelId = moveTo, ThreadId = null, CardActivityId = null }) : null,
            ct).ConfigureAwait(false);
        if (moved is not null)
        {
            Log.ChannelGone(logger, channelId, disconnected, incidentId, moveTo);
        }

        return moved is not null && moveTo is not null;
    }
}
