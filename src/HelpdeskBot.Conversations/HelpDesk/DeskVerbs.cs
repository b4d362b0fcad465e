namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>Action.Execute verbs of the help desk's cards and the keys of their data.</summary>
internal static class DeskVerbs
{
    public const string Prefix = "desk.";
    public const string Take = "desk.take";
    public const string Check = "desk.check";
    public const string Note = "desk.note";
    public const string Resolve = "desk.resolve";
    public const string ResolveAnyway = "desk.resolveAnyway";
    public const string KeepOpen = "desk.keepOpen";
    public const string Reopen = "desk.reopen";
    public const string Refresh = "desk.refresh";
    public const string Connect = "desk.connect";
    public const string Replay = "desk.replay";

    public const string IncidentKey = "incidentId";
    public const string VersionKey = "v";
    public const string OutboxKey = "outboxId";
    public const string NoteInput = "note";

    /// <summary>The welcome card's choice of the owning team a channel is connected for; <see cref="EveryTeam"/> for all.</summary>
    public const string OwningTeamInput = "owningTeam";
    public const string EveryTeam = "*";

    /// <summary>The words in a channel message that connect the channel ("@HelpdeskBot use this channel for escalations").</summary>
    public const string ConnectCommand = "use this channel for escalations";

    /// <summary>The words in a channel message that stop escalations coming to the channel ("@HelpdeskBot stop escalations of &lt;team&gt; here").</summary>
    public const string StopCommand = "stop escalations";

    /// <summary>The words in a channel message that ask where escalations go ("@HelpdeskBot which channels are connected?").</summary>
    public const string ChannelsQuestion = "which channels";
}
