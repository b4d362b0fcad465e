using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Activities;

/// <summary>The connector's answer to send/reply/update: the id of the activity (keep it to update the card later).</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Body of <c>POST /v3/conversations</c> (proactive 1:1: bot, one member, tenant in channelData).</summary>
public sealed class ConversationParameters
{
    public bool? IsGroup { get; set; }

    public ChannelAccount? Bot { get; set; }

    public List<ChannelAccount>? Members { get; set; }

    public string? TopicName { get; set; }

    public string? TenantId { get; set; }

    public Activity? Activity { get; set; }

    public JsonElement? ChannelData { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Answer of <c>POST /v3/conversations</c>.</summary>
public sealed class ConversationResourceResponse
{
    public string? Id { get; set; }

    public string? ActivityId { get; set; }

    public string? ServiceUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Connector error body <c>{"error":{"code","message"}}</c>.</summary>
public sealed class ErrorResponse
{
    public ErrorDetail? Error { get; set; }
}

public sealed class ErrorDetail
{
    public string? Code { get; set; }

    public string? Message { get; set; }
}

/// <summary>Teams tenant info for channelData (<c>{"tenant":{"id":…}}</c>).</summary>
public sealed class TeamsChannelData
{
    public TenantInfo? Tenant { get; set; }

    /// <summary>The team of a channel conversation (absent in personal and group chats).</summary>
    public TeamInfo? Team { get; set; }

    /// <summary>The channel of a channel conversation; in <c>POST /v3/conversations</c>, the channel to start a thread in.</summary>
    public ChannelInfo? Channel { get; set; }

    /// <summary>
    /// The Teams channel data of an inbound activity, or null when it has none. Read once per activity (and again only
    /// when its channel data is replaced): every caller gets the same instance, so treat it as read-only.
    /// </summary>
    public static TeamsChannelData? From(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.ReadTeamsChannelData();
    }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class TenantInfo
{
    public string? Id { get; set; }
}

public sealed class TeamInfo
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadGroupId { get; set; }
}

public sealed class ChannelInfo
{
    public string? Id { get; set; }

    public string? Name { get; set; }
}

/// <summary>One page of <c>GET /v3/conversations/{id}/pagedmembers</c>.</summary>
public sealed class PagedMembersResult
{
    public List<ChannelAccount>? Members { get; set; }

    /// <summary>Pass to the next call for the next page; null or empty on the last page.</summary>
    public string? ContinuationToken { get; set; }
}
