using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Cards;

/// <summary>Relative image size; no pixels.</summary>
[JsonConverter(typeof(CardEnumConverter<ImageSize>))]
public enum ImageSize
{
    Auto,
    Stretch,
    Small,
    Medium,
    Large,
}
