using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>A reporter's case card as a live card of kind <c>case</c>, rendered from the stored case state.</summary>
internal sealed class CaseCardSource(CaseRepository repository, CaseService cases, CaseCards cards) : ILiveCardSource
{
    public string Kind => "case";

    public async Task<LiveCardContent?> RenderAsync(string subjectId, CancellationToken cancellationToken)
    {
        if (await repository.GetAsync(subjectId, cancellationToken).ConfigureAwait(false) is not { } c)
        {
            return null;
        }

        var ch = c.State.Channel;
        var activity = CaseCardPublisher.Message(cards.Render(c.Record, c.State));
        activity.Conversation = new ConversationAccount { Id = ch.ConversationId, ConversationType = ch.ConversationType, TenantId = ch.TenantId };
        activity.From = ch.BotId is null ? null : new ChannelAccount { Id = ch.BotId, Name = ch.BotName };
        var conversation = new ConversationReference { ServiceUrl = ch.ServiceUrl, ConversationId = ch.ConversationId, ConversationType = ch.ConversationType, TenantId = ch.TenantId, BotId = ch.BotId, BotName = ch.BotName };
        return new LiveCardContent(conversation, activity, c.State.CardActivityId);
    }

    public Task CardSentAsync(string subjectId, SentCard sent, CancellationToken cancellationToken) =>
        cases.UpdateWithRetryAsync(subjectId, s => s.CardActivityId == sent.ActivityId ? null : new Transition(s with { CardActivityId = sent.ActivityId }, "card", sent.ActivityId), "card", cancellationToken);
}
