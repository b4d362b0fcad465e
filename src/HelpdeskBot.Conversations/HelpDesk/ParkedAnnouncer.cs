using System.Globalization;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// Announces a parked escalation in the help-desk channel with a Replay button for agents. The notice is placed when
/// it is sent (kind <c>parked</c>, asked through <see cref="PlaceMessageAsync"/>), in the channel the escalation routes
/// to then: a channel Teams answers is gone (404) is disconnected like any other (<see cref="ChannelLoss"/>) and the
/// notice goes to the next route (the default channel, <c>Tickets:HelpdeskChannel</c>, …); with no route left it is
/// parked, and the reporter's card no longer says the help desk was told.
/// </summary>
internal sealed class ParkedAnnouncer(HelpdeskChannels channels, IOutboxStore outbox, IDeliveryQueue delivery, IncidentCards cards, ChannelLoss loss, CaseService cases, ILogger<ParkedAnnouncer> logger) : ILiveCardSource
{
    public const string KindName = "parked";

    public string Kind => KindName;

    /// <returns>True when a channel was there to be told (the notice is queued durably); false when no channel is connected.</returns>
    public async Task<bool> AnnounceAsync(EscalationRequest request, string reason, CancellationToken ct)
    {
        if (await channels.RouteAsync(request.Route.OwningTeam, ct).ConfigureAwait(false) is null
            || await outbox.FindByEscalationIdAsync(request.EscalationId, ct).ConfigureAwait(false) is not { } entry)
        {
            return false;
        }

        var activity = Activity.CreateCardMessage(CardsJsonContext.ToElement(cards.Parked(entry.Id, request.Target, request.Reporter.Name, reason, answered: null)));
        // Once per parking: a replayed escalation that parks again is announced again.
        var key = $"parked:{request.EscalationId}:{entry.Attempts.ToString(CultureInfo.InvariantCulture)}";
        await delivery.EnqueueThreadMessageAsync(key, new LiveCard(KindName, entry.Id.ToString(CultureInfo.InvariantCulture)), activity, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Nothing of its own is rendered: only the notices it places are sent.</summary>
    public Task<LiveCardContent?> RenderAsync(string subjectId, CancellationToken cancellationToken) => Task.FromResult<LiveCardContent?>(null);

    /// <summary>Never called: a notice is a message, not a card of its own.</summary>
    public Task CardSentAsync(string subjectId, SentCard sent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The notice's channel is gone: disconnected (or, for <c>Tickets:HelpdeskChannel</c>, marked gone) like any other; the dispatcher places the notice again.</summary>
    public async Task<bool> ConversationGoneAsync(string subjectId, string conversationId, CancellationToken cancellationToken)
    {
        await loss.GoneAsync(conversationId, null, teamGone: false, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The channel the parked escalation routes to now. Nowhere when the escalation is no longer parked (replayed
    /// meanwhile: the notice is moot) or no channel is left — then the reporter's card stops saying the help desk was told.
    /// </summary>
    public async Task<MessagePlace> PlaceMessageAsync(string subjectId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(subjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || await outbox.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { State: OutboxState.Parked } entry)
        {
            return MessagePlace.Nowhere;
        }

        if (await channels.RouteAsync(entry.Request.Route.OwningTeam, cancellationToken).ConfigureAwait(false) is { } channel)
        {
            return new MessagePlace(IncidentCardSource.Reference(channel, channel.ChannelId), false);
        }

        Log.ParkedNotAnnounced(logger, entry.EscalationId);
        // Sets the parking too when the notifier has not yet: its later write (which would say "told") then changes nothing.
        var done = await cases.UpdateWithRetryAsync(
            entry.Request.CaseId,
            s => s.TicketNumber is not null || (s.ParkedReason is not null && !s.ParkedAnnounced)
                ? null
                : new Transition(s with { ParkedReason = s.ParkedReason ?? entry.LastError ?? KindName, ParkedAnnounced = false }, "parked", "no help-desk channel"),
            "parked",
            cancellationToken).ConfigureAwait(false);
        if (done is { } d)
        {
            await cases.PublishAsync(d.Record.CaseId, cancellationToken).ConfigureAwait(false);
        }

        return MessagePlace.Nowhere;
    }
}
