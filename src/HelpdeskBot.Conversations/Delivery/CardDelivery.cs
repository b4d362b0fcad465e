namespace HelpdeskBot.Conversations.Delivery;

/// <summary>
/// A live card's delivery written in the same transaction as the state change it shows (the outbox rule: the change
/// and what it sends, together, in one write): the row <see cref="IDeliveryStore.EnqueueCardAsync"/> would write,
/// for the subject of that write (a case's card with the case).
/// </summary>
/// <param name="Kind">The live card's source kind.</param>
/// <param name="DueAt">When it is due (now: at once).</param>
public sealed record CardDelivery(string Kind, DateTimeOffset DueAt);
