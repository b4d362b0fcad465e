namespace HelpdeskBot.Protocol.Cards;

/// <summary>Actions placed inside the body (e.g. "Show evidence" next to the evidence it toggles).</summary>
public sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement;
