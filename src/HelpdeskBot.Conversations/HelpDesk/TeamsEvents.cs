namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>Teams' <c>channelData.eventType</c> values of conversationUpdate the help desk acts on (msteams-docs, subscribe-to-conversation-events).</summary>
internal static class TeamsEvents
{
    public const string ChannelDeleted = "channelDeleted";
    public const string ChannelRenamed = "channelRenamed";
    public const string TeamDeleted = "teamDeleted";
    public const string TeamArchived = "teamArchived";
    public const string TeamUnarchived = "teamUnarchived";
}
