using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Cards;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>
/// Puts a case's current card in front of the user: a durable delivery of the "case" live card, rendered from the
/// stored case when it goes out (update in place, else a new message). The caller never waits on the connector.
/// </summary>
internal sealed class CaseCardPublisher(IDeliveryQueue deliveries, DeliverySignal signal, TimeProvider time)
{
    public static Activity Message(AdaptiveCard card) => Activity.CreateCardMessage(CardsJsonContext.ToElement(card));

    public Task PublishAsync(string caseId, CancellationToken ct) =>
        deliveries.EnqueueCardAsync(new LiveCard(CaseCardSource.CardKind, caseId), null, ct);

    /// <summary>The card's delivery due now, to be written with a case write (one transaction); <see cref="Written"/> once it committed.</summary>
    public CardDelivery DueNow() => new(CaseCardSource.CardKind, time.GetUtcNow());

    /// <summary>A case write queued <paramref name="card"/>: the dispatcher is woken for it.</summary>
    public void Written(CardDelivery card)
    {
        ArgumentNullException.ThrowIfNull(card);
        signal.Notify(card.DueAt);
    }
}
