using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Cards;

/// <summary>Source-generated JSON for the card model: camelCase, nulls omitted, enums as schema strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(AdaptiveCard))]
[JsonSerializable(typeof(CardElement))]
[JsonSerializable(typeof(CardAction))]
public sealed partial class CardsJsonContext : JsonSerializerContext
{
    /// <summary>The card as a <see cref="JsonElement"/>, ready to embed as an attachment's content.</summary>
    public static JsonElement ToElement(AdaptiveCard card) => JsonSerializer.SerializeToElement(card, Default.AdaptiveCard);

    public static string ToJson(AdaptiveCard card) => JsonSerializer.Serialize(card, Default.AdaptiveCard);
}
