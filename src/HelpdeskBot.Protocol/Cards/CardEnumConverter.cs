using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Cards;

/// <summary>Writes card enums as the camelCase strings the schema lists ("extraLarge", "attention").</summary>
public sealed class CardEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
