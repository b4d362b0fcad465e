using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Activities;

/// <summary>
/// An entity of an activity: <c>mention</c> (<see cref="Mentioned"/>, <see cref="Text"/>), <c>clientInfo</c>, …
/// Fields other than these stay in <see cref="AdditionalProperties"/> untouched.
/// </summary>
public sealed class Entity
{
    public const string MentionType = "mention";

    public string? Type { get; set; }

    /// <summary>For a mention: who is mentioned.</summary>
    public ChannelAccount? Mentioned { get; set; }

    /// <summary>For a mention: the text in the message, e.g. <c>&lt;at&gt;HelpdeskBot&lt;/at&gt;</c>.</summary>
    public string? Text { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
