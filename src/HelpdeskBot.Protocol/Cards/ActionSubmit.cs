namespace HelpdeskBot.Protocol.Cards;

/// <summary>Classic submit: arrives as a <c>message</c> activity whose <c>value</c> is the data plus inputs.</summary>
public sealed record ActionSubmit : CardAction
{
    public IReadOnlyDictionary<string, string>? Data { get; init; }

    /// <summary>"Auto" or "None".</summary>
    public string? AssociatedInputs { get; init; }
}
