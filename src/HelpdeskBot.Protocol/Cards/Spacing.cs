using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Cards;

/// <summary>How much space before an element; hosts pick the pixels.</summary>
[JsonConverter(typeof(CardEnumConverter<Spacing>))]
public enum Spacing
{
    Default,
    None,
    Small,
    Medium,
    Large,
    ExtraLarge,
    Padding,
}
