namespace HelpdeskBot.Protocol.Cards;

/// <summary>
/// Universal Action: Teams sends an <c>adaptiveCard/action</c> invoke carrying <see cref="Verb"/> and
/// <see cref="Data"/> (merged with the card's inputs) and shows the card the bot answers with.
/// </summary>
public sealed record ActionExecute(string Verb) : CardAction
{
    /// <summary>The data key that carries the verb in the <see cref="ActionSubmit"/> fallback.</summary>
    public const string VerbDataKey = "verb";

    public IReadOnlyDictionary<string, string>? Data { get; init; }

    /// <summary>"Auto" (send the card's inputs) or "None".</summary>
    public string? AssociatedInputs { get; init; }

    /// <summary>
    /// An Action.Execute whose fallback is an Action.Submit carrying the same data plus the verb (under
    /// <see cref="VerbDataKey"/>), so clients without Universal Actions still reach the same handler.
    /// </summary>
    public static ActionExecute WithSubmitFallback(
        string verb,
        string title,
        IReadOnlyDictionary<string, string>? data = null,
        ActionStyle? style = null,
        bool sendInputs = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(verb);
        var submitData = new Dictionary<string, string>(data ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [VerbDataKey] = verb,
        };
        string associated = sendInputs ? "Auto" : "None";
        return new ActionExecute(verb)
        {
            Title = title,
            Data = data,
            Style = style,
            AssociatedInputs = associated,
            Fallback = new ActionSubmit { Title = title, Data = submitData, Style = style, AssociatedInputs = associated },
        };
    }
}
