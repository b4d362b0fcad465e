namespace HelpdeskBot.Protocol.Cards;

/// <summary>Shows/hides elements by id, client side (e.g. "Show evidence").</summary>
public sealed record ActionToggleVisibility(IReadOnlyList<string> TargetElements) : CardAction;
