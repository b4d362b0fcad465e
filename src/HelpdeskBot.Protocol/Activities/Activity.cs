using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Activities;

/// <summary>
/// A Bot Framework activity, inbound or outbound. Typed fields are the ones the protocol layer reads or writes;
/// anything else Teams sends stays in <see cref="AdditionalProperties"/>, and <see cref="ChannelData"/>,
/// <see cref="Value"/> and attachment/entity bodies are kept as raw JSON, so an activity round-trips intact.
/// </summary>
public sealed class Activity
{
    private JsonElement? _channelData;
    private Box? _teams;

    /// <summary><see cref="ActivityTypes"/>: message, conversationUpdate, invoke, …</summary>
    public string? Type { get; set; }

    public string? Id { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public DateTimeOffset? LocalTimestamp { get; set; }

    public string? LocalTimezone { get; set; }

    /// <summary>Base URL of the Bot Connector to answer to (store it for proactive messages).</summary>
    public string? ServiceUrl { get; set; }

    public string? ChannelId { get; set; }

    public ChannelAccount? From { get; set; }

    public ChannelAccount? Recipient { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public string? ReplyToId { get; set; }

    public string? Text { get; set; }

    /// <summary><c>plain</c>, <c>markdown</c> or <c>xml</c>.</summary>
    public string? TextFormat { get; set; }

    public string? Locale { get; set; }

    public string? Summary { get; set; }

    public string? AttachmentLayout { get; set; }

    public List<Attachment>? Attachments { get; set; }

    public List<Entity>? Entities { get; set; }

    /// <summary>Channel-specific data (Teams: tenant, team, channel, eventType), kept as raw JSON.</summary>
    public JsonElement? ChannelData
    {
        get => _channelData;
        set
        {
            _channelData = value;
            _teams = null; // read again from the new value
        }
    }

    /// <summary>Invoke payload, or the inputs of an Action.Submit, kept as raw JSON.</summary>
    public JsonElement? Value { get; set; }

    /// <summary>Invoke or event name, e.g. <c>adaptiveCard/action</c>.</summary>
    public string? Name { get; set; }

    public List<ChannelAccount>? MembersAdded { get; set; }

    public List<ChannelAccount>? MembersRemoved { get; set; }

    /// <summary>installationUpdate: <c>add</c> or <c>remove</c> (Teams also sends <c>add-upgrade</c>, <c>remove-upgrade</c>).</summary>
    public string? Action { get; set; }

    public List<MessageReaction>? ReactionsAdded { get; set; }

    public List<MessageReaction>? ReactionsRemoved { get; set; }

    public string? InputHint { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>The Teams tenant id: <c>conversation.tenantId</c>, else <c>channelData.tenant.id</c>.</summary>
    [JsonIgnore]
    public string? TenantId
    {
        get
        {
            if (!string.IsNullOrEmpty(Conversation?.TenantId))
            {
                return Conversation.TenantId;
            }

            if (ChannelData is { ValueKind: JsonValueKind.Object } data
                && data.TryGetProperty("tenant", out var tenant) && tenant.ValueKind == JsonValueKind.Object
                && tenant.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                return id.GetString();
            }

            return null;
        }
    }

    /// <summary>
    /// <see cref="ChannelData"/> read as Teams' shape, once per value: the request's validation reads it, and the routes
    /// of a channel message read the same instance (null when there is none). Treat it as read-only.
    /// </summary>
    /// <exception cref="JsonException">The channel data is not in Teams' shape (the validation refuses such activities).</exception>
    internal TeamsChannelData? ReadTeamsChannelData()
    {
        if (_teams is { } read)
        {
            return read.Value;
        }

        var teams = _channelData is { ValueKind: JsonValueKind.Object } data ? data.Deserialize(ProtocolJsonContext.Default.TeamsChannelData) : null;
        _teams = new Box(teams);
        return teams;
    }

    /// <summary>A new message activity with text.</summary>
    public static Activity CreateMessage(string? text = null) => new() { Type = ActivityTypes.Message, Text = text };

    /// <summary>A new message activity carrying one Adaptive Card.</summary>
    public static Activity CreateCardMessage(JsonElement card) =>
        new() { Type = ActivityTypes.Message, Attachments = [Attachment.AdaptiveCard(card)] };

    /// <summary>A typing indicator.</summary>
    public static Activity CreateTyping() => new() { Type = ActivityTypes.Typing };

    /// <summary>
    /// A reply to this activity: from/recipient swapped, same conversation and service URL, <c>replyToId</c> set.
    /// </summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        From = Recipient is null ? null : new ChannelAccount { Id = Recipient.Id, Name = Recipient.Name },
        Recipient = From is null ? null : new ChannelAccount { Id = From.Id, Name = From.Name, AadObjectId = From.AadObjectId },
        Conversation = Conversation is null ? null : new ConversationAccount
        {
            Id = Conversation.Id,
            ConversationType = Conversation.ConversationType,
            TenantId = Conversation.TenantId,
            IsGroup = Conversation.IsGroup,
        },
        ReplyToId = Id,
        Locale = Locale,
    };

    /// <summary>The channel data as read, so that "none" is remembered as well as a value.</summary>
    private sealed record Box(TeamsChannelData? Value);
}
