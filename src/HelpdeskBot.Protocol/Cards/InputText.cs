using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Cards;

/// <summary><c>Input.Text</c>: asks for free text, e.g. the site that fails.</summary>
public sealed record InputText : CardElement
{
    [JsonConstructor]
    public InputText(string id)
    {
        Id = id;
    }

    public string? Label { get; init; }

    public string? Placeholder { get; init; }

    public string? Value { get; init; }

    public bool? IsRequired { get; init; }

    public string? ErrorMessage { get; init; }

    public bool? IsMultiline { get; init; }

    public int? MaxLength { get; init; }
}
