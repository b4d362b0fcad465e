using System.Globalization;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// Tells each channel a team's unarchiving connected again that escalations come there again, when they do (a channel
/// connected meanwhile for the same escalations keeps them). Run right after the restoring and by every watch round
/// (at start-up too): the restored rows stay listed until their notice is queued, so a stop in between loses none.
/// </summary>
internal sealed class ReconnectNotices(IHelpdeskStore store, HelpdeskChannels channels, IDeliveryQueue delivery, DeskTexts t)
{
    public async Task TellAsync(CancellationToken ct)
    {
        foreach (var restored in await store.ListRestoredAsync(ct).ConfigureAwait(false))
        {
            var channel = restored.Channel;
            if ((await channels.RouteAsync(channel.OwningTeam, ct).ConfigureAwait(false))?.ChannelId == channel.ChannelId)
            {
                // Keyed by the restoring: queued once however often this runs; told again after a later archiving.
                var stamp = restored.RestoredAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                var which = channel.OwningTeam is { } owning ? t.ConnectedOfTeam(owning) : t.ConnectedEvery;
                var where = IncidentCardSource.Reference(channel, channel.ChannelId);
                await delivery.EnqueueMessageAsync(
                    $"reconnected:{channel.ChannelId}:{channel.OwningTeam}:{stamp}",
                    where,
                    where.CreateMessage(t.ChannelReconnectedNotice(which, new ChannelRoute(channel.OwningTeam, channel).Label(t))),
                    ct).ConfigureAwait(false);
            }

            await store.DropRestoredAsync(restored, ct).ConfigureAwait(false);
        }
    }
}
