using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Cards;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// The incident card as a live card of kind <c>incident</c>: rendered from the stored desk state when it is sent;
/// the first send starts a new thread in the incident's channel, later ones update that card in place.
/// </summary>
internal sealed class IncidentCardSource(IHelpdeskStore store, HelpdeskChannels channels, IncidentCards cards, DeskStates states) : ILiveCardSource
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
