namespace HelpdeskBot.Protocol.Cards;

/// <summary>
/// Universal Actions refresh: Teams invokes <paramref name="Action"/> (an <see cref="ActionExecute"/>) when the
/// card is shown to one of <paramref name="UserIds"/> (max 60 MRIs); an empty list offers a manual refresh.
/// </summary>
public sealed record CardRefresh(CardAction Action, IReadOnlyList<string>? UserIds = null);
