using System.Globalization;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Outbox;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>Announces a parked escalation in the help-desk channel with a Replay button for agents.</summary>
internal sealed class ParkedAnnouncer(HelpdeskChannels channels, IOutboxStore outbox, IDeliveryQueue delivery, IncidentCards cards)
{
    /// <returns>True when a channel was there to be told (the notice is queued durably); false when no channel is connected.</returns>
    public async Task<bool> AnnounceAsync(EscalationRequest request, string reason, CancellationToken ct)
    {
        if (await channels.RouteAsync(request.Route.OwningTeam, ct).ConfigureAwait(false) is not { } channel
            || await outbox.FindByEscalationIdAsync(request.EscalationId, ct).ConfigureAwait(false) is not { } entry)
        {
            return false;
        }

        var conversation = IncidentCardSource.Reference(channel, channel.ChannelId);
        var activity = conversation.CreateMessage();
        activity.Attachments = [Protocol.Activities.Attachment.AdaptiveCard(CardsJsonContext.ToElement(cards.Parked(entry.Id, request.Target, request.Reporter.Name, reason, replayed: false)))];
        // Once per parking: a replayed escalation that parks again is announced again.
        var key = $"parked:{request.EscalationId}:{entry.Attempts.ToString(CultureInfo.InvariantCulture)}";
        await delivery.EnqueueMessageAsync(key, conversation, activity, ct).ConfigureAwait(false);
        return true;
    }
}
