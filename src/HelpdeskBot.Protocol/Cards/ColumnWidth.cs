using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Cards;

/// <summary>Column widths: only the responsive ones, never fixed pixels (mobile).</summary>
[JsonConverter(typeof(CardEnumConverter<ColumnWidth>))]
public enum ColumnWidth
{
    Auto,
    Stretch,
}
