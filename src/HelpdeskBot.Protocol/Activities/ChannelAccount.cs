using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Activities;

/// <summary>A user or bot in a conversation (<c>from</c>, <c>recipient</c>, members). Teams users are <c>29:…</c>, bots <c>28:&lt;appId&gt;</c>.</summary>
public sealed class ChannelAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadObjectId { get; set; }

    public string? Role { get; set; }

    /// <summary>Fields this model does not know, kept so they round-trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
