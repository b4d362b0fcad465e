using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Activities;

/// <summary>An attachment; for an Adaptive Card <see cref="ContentType"/> is <see cref="AdaptiveCardContentType"/> and <see cref="Content"/> the card.</summary>
public sealed class Attachment
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public string? ContentType { get; set; }

    public string? ContentUrl { get; set; }

    /// <summary>The attachment body, kept as raw JSON (a card, HTML text, …).</summary>
    public JsonElement? Content { get; set; }

    public string? Name { get; set; }

    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>An Adaptive Card attachment whose content is the given card JSON.</summary>
    public static Attachment AdaptiveCard(JsonElement card) => new() { ContentType = AdaptiveCardContentType, Content = card };
}
