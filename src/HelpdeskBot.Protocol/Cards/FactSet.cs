namespace HelpdeskBot.Protocol.Cards;

/// <summary>Label/value pairs (status code, attempts, resolver answers).</summary>
public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;
