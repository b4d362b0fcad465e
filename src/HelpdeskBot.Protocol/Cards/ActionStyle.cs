using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Cards;

/// <summary>How prominent an action is.</summary>
[JsonConverter(typeof(CardEnumConverter<ActionStyle>))]
public enum ActionStyle
{
    Default,
    Positive,
    Destructive,
}
