using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Cards;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// The incident card as a live card of kind <c>incident</c>: rendered from the stored desk state when it is sent;
/// the first send starts a new thread in the incident's channel, later ones update that card in place.
/// </summary>
internal sealed class IncidentCardSource(IHelpdeskStore store, HelpdeskChannels channels, IncidentCards cards, DeskStates states, ChannelLoss loss, ILogger<IncidentCardSource> logger) : ILiveCardSource
{
    public const string KindName = "incident";

    public string Kind => KindName;

    public async Task<LiveCardContent?> RenderAsync(string subjectId, CancellationToken cancellationToken)
    {
        var found = await store.GetAsync(subjectId, cancellationToken).ConfigureAwait(false);
        if (found?.Desk is not { ChannelId: { } channelId } desk || await channels.FindAsync(channelId, cancellationToken).ConfigureAwait(false) is not { } channel)
        {
            return null;
        }

        var activity = Activity.CreateCardMessage(CardsJsonContext.ToElement(cards.Incident(found)));
        var conversation = Reference(channel, desk.ThreadId ?? channel.ChannelId);
        activity.Conversation = new ConversationAccount { Id = conversation.ConversationId, ConversationType = ConversationTypes.Channel, TenantId = channel.TenantId, IsGroup = true };
        activity.From = channel.BotId is null ? null : new ChannelAccount { Id = channel.BotId, Name = channel.BotName };
        return new LiveCardContent(conversation, activity, desk.ThreadId is null ? null : desk.CardActivityId, StartsThread: desk.ThreadId is null);
    }

    public async Task CardSentAsync(string subjectId, SentCard sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sent);
        await states.UpdateAsync(
            subjectId,
            f => f.Desk!.ThreadId == sent.ConversationId && f.Desk.CardActivityId == sent.ActivityId
                ? null
                : DeskStates.Keep(f, f.Desk with { ThreadId = sent.ConversationId, CardActivityId = sent.ActivityId }),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The incident's thread is gone (deleted, or its channel was): the card starts a new thread in its channel. Its
    /// channel is gone: the channel is disconnected and the card starts a thread in the channel the incident routes
    /// to now (its owning team's, else the default). With no channel left, the incident has none (so no card or
    /// notice claims the help desk was told), the team's General channel hears why, and the delivery is parked. A
    /// conversation the card has already left (moved meanwhile) sends it again, to where it is now.
    /// </summary>
    public async Task<bool> ConversationGoneAsync(string subjectId, string conversationId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(subjectId, cancellationToken).ConfigureAwait(false) is not { Desk: { ChannelId: { } channelId } desk })
        {
            return false;
        }

        if (desk.ThreadId == conversationId)
        {
            Log.ThreadGone(logger, subjectId, conversationId, channelId);
            await states.UpdateAsync(
                subjectId,
                f => f.Desk!.ThreadId == conversationId ? DeskStates.Keep(f, f.Desk with { ThreadId = null, CardActivityId = null }) : null,
                cancellationToken).ConfigureAwait(false);
            return true; // a new thread now, or wherever another instance moved it meanwhile
        }

        if (desk.ThreadId is not null || conversationId != channelId)
        {
            // Not where the card is now: it moved meanwhile (a message under it found the thread gone first, or another
            // instance moved it). Rendered anew, it goes where it is now.
            return true;
        }

        await loss.GoneAsync(channelId, subjectId, teamGone: false, cancellationToken).ConfigureAwait(false);
        return (await store.GetAsync(subjectId, cancellationToken).ConfigureAwait(false))?.Desk?.ChannelId is not null;
    }

    /// <summary>
    /// A message under the incident card (a reminder, "still broken") goes into the card's thread; before the thread
    /// exists (not sent yet, or re-homed after a deletion) it waits for the card's send to start it; with no channel
    /// it goes nowhere.
    /// </summary>
    public async Task<MessagePlace> PlaceMessageAsync(string subjectId, CancellationToken cancellationToken)
    {
        var found = await store.GetAsync(subjectId, cancellationToken).ConfigureAwait(false);
        if (found?.Desk is not { ChannelId: { } channelId } desk || await channels.FindAsync(channelId, cancellationToken).ConfigureAwait(false) is not { } channel)
        {
            return MessagePlace.Nowhere;
        }

        return desk.ThreadId is { } thread ? new MessagePlace(Reference(channel, thread), false) : MessagePlace.AfterCard;
    }

    /// <summary>A channel (or one of its threads) as a conversation to send to.</summary>
    public static ConversationReference Reference(HelpdeskChannel channel, string conversationId) => new()
    {
        ServiceUrl = channel.ServiceUrl,
        ConversationId = conversationId,
        ConversationType = ConversationTypes.Channel,
        TenantId = channel.TenantId,
        BotId = channel.BotId,
        BotName = channel.BotName,
        ChannelId = "msteams",
    };
}
