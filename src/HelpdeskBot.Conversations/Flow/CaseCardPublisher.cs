using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Cards;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>
/// Puts a case's current card in front of the user: a durable delivery of the "case" live card, rendered from the
/// stored case when it goes out (update in place, else a new message). The caller never waits on the connector.
/// </summary>
internal sealed class CaseCardPublisher(IDeliveryQueue deliveries)
{
    public static Activity Message(AdaptiveCard card) => Activity.CreateCardMessage(CardsJsonContext.ToElement(card));

    public Task PublishAsync(string caseId, CancellationToken ct) =>
        deliveries.EnqueueCardAsync(new LiveCard(CaseCardSource.CardKind, caseId), null, ct);
}
