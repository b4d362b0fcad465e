namespace HelpdeskBot.Protocol.Activities;

/// <summary>
/// What to store from an authenticated activity to message the conversation later (proactive messages):
/// Bot Connector base URL, conversation id, tenant id, the bot's and the user's ids.
/// </summary>
public sealed record ConversationReference
{
    public required string ServiceUrl { get; init; }

    public required string ConversationId { get; init; }

    public string? ConversationType { get; init; }

    public string? TenantId { get; init; }

    public string? BotId { get; init; }

    public string? BotName { get; init; }

    public string? UserId { get; init; }

    public string? UserName { get; init; }

    public string? UserAadObjectId { get; init; }

    public string? ChannelId { get; init; }

    /// <summary>The activity the reference was taken from (a reply target), if any.</summary>
    public string? ActivityId { get; init; }

    /// <summary>Reference of an inbound activity, or null when it lacks a service URL or conversation id.</summary>
    public static ConversationReference? FromActivity(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrEmpty(activity.ServiceUrl) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            return null;
        }

        return new ConversationReference
        {
            ServiceUrl = activity.ServiceUrl,
            ConversationId = activity.Conversation.Id,
            ConversationType = activity.Conversation.ConversationType,
            TenantId = activity.TenantId,
            BotId = activity.Recipient?.Id,
            BotName = activity.Recipient?.Name,
            UserId = activity.From?.Id,
            UserName = activity.From?.Name,
            UserAadObjectId = activity.From?.AadObjectId,
            ChannelId = activity.ChannelId,
            ActivityId = activity.Id,
        };
    }

    /// <summary>A message activity addressed to this conversation (for a proactive send).</summary>
    public Activity CreateMessage(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        From = BotId is null ? null : new ChannelAccount { Id = BotId, Name = BotName },
        Recipient = UserId is null ? null : new ChannelAccount { Id = UserId, Name = UserName },
        Conversation = new ConversationAccount { Id = ConversationId, ConversationType = ConversationType, TenantId = TenantId },
    };
}
