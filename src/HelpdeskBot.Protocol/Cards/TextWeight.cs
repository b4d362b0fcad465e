using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Cards;

/// <summary>Font weight.</summary>
[JsonConverter(typeof(CardEnumConverter<TextWeight>))]
public enum TextWeight
{
    Default,
    Lighter,
    Bolder,
}
