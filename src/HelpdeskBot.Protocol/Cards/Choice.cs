namespace HelpdeskBot.Protocol.Cards;

/// <summary>One option of an <see cref="InputChoiceSet"/> (<c>Input.Choice</c>).</summary>
public sealed record Choice(string Title, string Value);
