namespace HelpdeskBot.Protocol.Activities;

/// <summary>Values of <see cref="Activity.Type"/> (Bot Framework activity schema).</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
    public const string MessageReaction = "messageReaction";
    public const string Typing = "typing";
    public const string Event = "event";
    public const string EndOfConversation = "endOfConversation";
}

/// <summary>Names of invoke activities handled by this layer.</summary>
public static class InvokeNames
{
    /// <summary>Universal Actions: an Action.Execute click or card refresh.</summary>
    public const string AdaptiveCardAction = "adaptiveCard/action";
}
