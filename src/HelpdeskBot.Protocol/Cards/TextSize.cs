using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Cards;

/// <summary>Font size of a text block or run.</summary>
[JsonConverter(typeof(CardEnumConverter<TextSize>))]
public enum TextSize
{
    Default,
    Small,
    Medium,
    Large,
    ExtraLarge,
}
