using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Conversations.Delivery;

/// <summary>Writes deliveries to the store and wakes the dispatcher: the caller returns as soon as the row is written.</summary>
internal sealed class DeliveryQueue(IDeliveryStore store, DeliverySignal signal, TimeProvider time) : IDeliveryQueue
{
    public async Task EnqueueCardAsync(LiveCard card, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = notBefore is { } at && at > now ? at : now;
        await store.EnqueueCardAsync(card.Kind, card.SubjectId, due, now, cancellationToken).ConfigureAwait(false);
        signal.Notify(due);
    }

    public async Task<bool> EnqueueMessageAsync(string key, ConversationReference conversation, Activity activity, MessageClaim? claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(activity);
        if (!await store.EnqueueMessageAsync(key, MessagePayload.Serialize(conversation, activity, claim), time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        signal.Notify();
        return true;
    }

    public async Task EnqueueThreadMessageAsync(string key, LiveCard card, Activity activity, MessageClaim? claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (await store.EnqueueMessageAsync(key, MessagePayload.Serialize(card, activity, claim), time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            signal.Notify();
        }
    }
}
