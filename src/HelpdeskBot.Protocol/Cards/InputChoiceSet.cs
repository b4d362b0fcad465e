using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Cards;

/// <summary><c>Input.ChoiceSet</c>: a pick list, e.g. the platform or a satisfaction rating.</summary>
public sealed record InputChoiceSet : CardElement
{
    [JsonConstructor]
    public InputChoiceSet(string id, IReadOnlyList<Choice> choices)
    {
        Id = id;
        Choices = choices;
    }

    public IReadOnlyList<Choice> Choices { get; init; }

    public string? Label { get; init; }

    public string? Value { get; init; }

    public ChoiceInputStyle? Style { get; init; }

    public bool? IsRequired { get; init; }

    public string? ErrorMessage { get; init; }

    public string? Placeholder { get; init; }

    public bool? Wrap { get; init; } = true;
}
