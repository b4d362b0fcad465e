using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Cards;

/// <summary>Drop-down (compact) or radio buttons (expanded).</summary>
[JsonConverter(typeof(CardEnumConverter<ChoiceInputStyle>))]
public enum ChoiceInputStyle
{
    Compact,
    Expanded,
}
