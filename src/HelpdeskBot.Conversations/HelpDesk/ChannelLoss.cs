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
    /// Several channels gone at once (a team deleted or archived takes all of its channels): every one is disconnected
    /// before any incident moves or any owning team is told where its escalations go, so that none of them is sent to
    /// another channel of the same team, which is gone too.
    /// </summary>
    public async Task GoneAsync(IReadOnlyList<string> channelIds, string? resending, bool teamGone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channelIds);
        var listed = await store.ListChannelsAsync(ct).ConfigureAwait(false);
        var lost = new List<(string ChannelId, HelpdeskChannel? Gone, List<HelpdeskChannel> Served, bool Disconnected)>(channelIds.Count);
        foreach (var channelId in channelIds)
        {
            var gone = await channels.FindAsync(channelId, ct).ConfigureAwait(false);
            var served = listed.Where(c => c.ChannelId == channelId).ToList();
            var disconnected = await store.DisconnectChannelAsync(channelId, ct).ConfigureAwait(false);
            // For Tickets:HelpdeskChannel (configuration cannot be changed from here) the mark makes routing skip it; for
            // any, /health/ready says a channel was lost while no other is connected.
            await store.MarkChannelGoneAsync(channelId, time.GetUtcNow(), ct).ConfigureAwait(false);
            if (channels.IsConfigured(channelId))
            {
                Log.ConfiguredChannelGone(logger, channelId);
            }

            lost.Add((channelId, gone, served, disconnected));
        }

        foreach (var (channelId, _, _, disconnected) in lost)
        {
            foreach (var incidentId in await store.ListOpenOnChannelAsync(channelId, ct).ConfigureAwait(false))
            {
                if (await MoveAsync(incidentId, channelId, disconnected, ct).ConfigureAwait(false) && incidentId != resending)
                {
                    await delivery.EnqueueCardAsync(new LiveCard(IncidentCardSource.KindName, incidentId), null, ct).ConfigureAwait(false);
                }
            }
        }

        foreach (var (channelId, _, served, _) in lost.Where(l => l.Disconnected))
        {
            await TellWhereTeamsMovedAsync(channelId, served, ct).ConfigureAwait(false);
        }

        if (teamGone)
        {
            return;
        }

        var left = await channels.AnyAsync(ct).ConfigureAwait(false);
        foreach (var (channelId, gone, _, disconnected) in lost)
        {
            if ((left is null || left.ChannelId == channelId) && disconnected && gone is { TeamId: { } team } && team != channelId)
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
    /// Each owning team whose own channel is gone: the channel its escalations route to now hears it once (said by the
    /// one call that disconnected the channel), in the help desk's language.
    /// </summary>
    private async Task TellWhereTeamsMovedAsync(string channelId, IReadOnlyList<HelpdeskChannel> served, CancellationToken ct)
    {
        var stamp = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var row in served)
        {
            if (row.OwningTeam is not { } team || await channels.RouteAsync(team, ct).ConfigureAwait(false) is not { } next || next.ChannelId == channelId)
            {
                continue;
            }

            var where = IncidentCardSource.Reference(next, next.ChannelId);
            await delivery.EnqueueMessageAsync(
                $"team-moved:{channelId}:{team}:{stamp}",
                where,
                where.CreateMessage(texts.TeamMovedNotice(texts.ConnectedOfTeam(team), new ChannelRoute(team, row).Label(texts))),
                ct).ConfigureAwait(false);
        }
    }

    /// <summary>The incident leaves the channel for where it routes now (null: nowhere); true when it has a channel again.</summary>
    private async Task<bool> MoveAsync(string incidentId, string channelId, bool disconnected, CancellationToken ct)
    {
        if (await store.GetAsync(incidentId, ct).ConfigureAwait(false) is not { Desk: { } desk })
        {
            return false;
        }

        var next = await channels.RouteAsync(desk.OwningTeam, ct).ConfigureAwait(false);
        var moveTo = next is null || next.ChannelId == channelId ? null : next.ChannelId;
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
