namespace HelpdeskBot.Tickets.Localization;

/// <summary>The help desk's cards and messages in its Teams channel.</summary>
public sealed partial class DeskTexts
{
    /// <summary>Shown to someone who is not an agent pressing a card's button.</summary>
    public string CardOnlyAgents => Get(nameof(CardOnlyAgents));

    /// <summary>Incident headline without an HTTP status.</summary>
    public string CardSiteProblem => Get(nameof(CardSiteProblem));

    /// <summary>{0}: names shown; {1}: how many more.</summary>
    public string CardNamesMore(string arg0, string arg1) => Format(nameof(CardNamesMore), arg0, arg1);

    /// <summary>Fact name.</summary>
    public string CardTarget => Get(nameof(CardTarget));

    /// <summary>Fact name.</summary>
    public string CardError => Get(nameof(CardError));

    /// <summary>{0}: 'HTTP 502'; {1}: the hop that answered.</summary>
    public string CardErrorFrom(string arg0, string arg1) => Format(nameof(CardErrorFrom), arg0, arg1);

    /// <summary>Fact name.</summary>
    public string CardAffected => Get(nameof(CardAffected));

    /// <summary>{0}: '3 people'; {1}: their names.</summary>
    public string CardAffectedNames(string arg0, string arg1) => Format(nameof(CardAffectedNames), arg0, arg1);

    /// <summary>Fact name.</summary>
    public string CardFirstReport => Get(nameof(CardFirstReport));

    /// <summary>Fact name.</summary>
    public string CardLastReport => Get(nameof(CardLastReport));

    /// <summary>Fact name.</summary>
    public string CardTicket => Get(nameof(CardTicket));

    /// <summary>The ticket is not there yet.</summary>
    public string CardTicketNotYet => Get(nameof(CardTicketNotYet));

    /// <summary>Fact name: the latest check from our servers.</summary>
    public string CardLatestCheck => Get(nameof(CardLatestCheck));

    /// <summary>Fact name.</summary>
    public string CardNotes => Get(nameof(CardNotes));

    /// <summary>{0}: how many notes.</summary>
    public string CardNotesOnTicket(string arg0) => Format(nameof(CardNotesOnTicket), arg0);

    /// <summary>Button.</summary>
    public string CardReopen => Get(nameof(CardReopen));

    /// <summary>Asked when an agent resolves while our check still fails.</summary>
    public string CardStillFailing => Get(nameof(CardStillFailing));

    /// <summary>Button; {0}: '3 people'.</summary>
    public string CardResolveAnyway(string arg0) => Format(nameof(CardResolveAnyway), arg0);

    /// <summary>Button.</summary>
    public string CardKeepOpen => Get(nameof(CardKeepOpen));

    /// <summary>{0}: since when; {1}: '3 people'.</summary>
    public string CardLooksFixed(string arg0, string arg1) => Format(nameof(CardLooksFixed), arg0, arg1);

    /// <summary>Button; {0}: '3 people'.</summary>
    public string CardResolveAndTell(string arg0) => Format(nameof(CardResolveAndTell), arg0);

    /// <summary>Button: an agent takes the incident.</summary>
    public string CardTake => Get(nameof(CardTake));

    /// <summary>Button.</summary>
    public string CardCheckNow => Get(nameof(CardCheckNow));

    /// <summary>Button.</summary>
    public string CardResolve => Get(nameof(CardResolve));

    /// <summary>Input label.</summary>
    public string CardNoteLabel => Get(nameof(CardNoteLabel));

    /// <summary>Input placeholder.</summary>
    public string CardNotePlaceholder => Get(nameof(CardNotePlaceholder));

    /// <summary>Button.</summary>
    public string CardAddNote => Get(nameof(CardAddNote));

    /// <summary>Button; {0}: ticket number.</summary>
    public string CardOpenTicket(string arg0) => Format(nameof(CardOpenTicket), arg0);

    /// <summary>Notification text; {0}: 'HTTP 502'; {1}: the site; {2}: '3 people'; {3}: the status line.</summary>
    public string CardFallback(string arg0, string arg1, string arg2, string arg3) => Format(nameof(CardFallback), arg0, arg1, arg2, arg3);

    /// <summary>{0}: who.</summary>
    public string StatusResolvedBy(string arg0) => Format(nameof(StatusResolvedBy), arg0);

    /// <summary>{0}: who.</summary>
    public string StatusTakenBy(string arg0) => Format(nameof(StatusTakenBy), arg0);

    public string StatusNew => Get(nameof(StatusNew));

    /// <summary>Who resolved, when the name is unknown.</summary>
    public string TheHelpDesk => Get(nameof(TheHelpDesk));

    /// <summary>An agent whose name is unknown.</summary>
    public string AnAgent => Get(nameof(AnAgent));

    /// <summary>Title of the card posted when the bot joins a team.</summary>
    public string WelcomeTitle => Get(nameof(WelcomeTitle));

    public string WelcomeText => Get(nameof(WelcomeText));

    /// <summary>Button.</summary>
    public string WelcomeConnect => Get(nameof(WelcomeConnect));

    /// <summary>The connected channel when Teams gives no name; {0}: the team.</summary>
    public string ThisChannelOf(string arg0) => Format(nameof(ThisChannelOf), arg0);

    /// <summary>The connected channel when Teams gives no name.</summary>
    public string ThisChannel => Get(nameof(ThisChannel));

    /// <summary>{0}: the site.</summary>
    public string ParkedTitle(string arg0) => Format(nameof(ParkedTitle), arg0);

    /// <summary>{0}: the reporter.</summary>
    public string ParkedText(string arg0) => Format(nameof(ParkedText), arg0);

    public string ParkedReplayed => Get(nameof(ParkedReplayed));

    /// <summary>Button.</summary>
    public string ParkedReplay => Get(nameof(ParkedReplay));

    /// <summary>Notification text; {0}: the site.</summary>
    public string ParkedFallback(string arg0) => Format(nameof(ParkedFallback), arg0);

    public string IncidentGone => Get(nameof(IncidentGone));

    /// <summary>Notification text.</summary>
    public string IncidentGoneFallback => Get(nameof(IncidentGoneFallback));

    public string EscalationGone => Get(nameof(EscalationGone));

    /// <summary>Notification text.</summary>
    public string EscalationGoneFallback => Get(nameof(EscalationGoneFallback));

    /// <summary>Last event on the card; {0}: the agent.</summary>
    public string EventTakenBy(string arg0) => Format(nameof(EventTakenBy), arg0);

    public string EventNoteFirst => Get(nameof(EventNoteFirst));

    public string EventNoTicketYet => Get(nameof(EventNoTicketYet));

    /// <summary>Label before an agent's note on the ticket; {0}: the agent.</summary>
    public string NoteFrom(string arg0) => Format(nameof(NoteFrom), arg0);

    /// <summary>{0}: the agent.</summary>
    public string EventNoteAddedBy(string arg0) => Format(nameof(EventNoteAddedBy), arg0);

    /// <summary>{0}: the ticket number.</summary>
    public string EventNoteAddedTo(string arg0) => Format(nameof(EventNoteAddedTo), arg0);

    public string EventAlreadyResolved => Get(nameof(EventAlreadyResolved));

    /// <summary>{0}: the agent.</summary>
    public string EventReopenedBy(string arg0) => Format(nameof(EventReopenedBy), arg0);

    /// <summary>Who resolved: {0}: the ticket system's name.</summary>
    public string ResolvedByTicketSystem(string arg0) => Format(nameof(ResolvedByTicketSystem), arg0);

    public string EventKeptOpen => Get(nameof(EventKeptOpen));

    /// <summary>{0}: the reporter.</summary>
    public string EventReopenedStillBroken(string arg0) => Format(nameof(EventReopenedStillBroken), arg0);

    /// <summary>Posted in the incident's thread; {0}: the reporter.</summary>
    public string ThreadStillBroken(string arg0) => Format(nameof(ThreadStillBroken), arg0);


    public string EventNewerIncident => Get(nameof(EventNewerIncident));

    /// <summary>Who resolved: the bot itself, after <paramref name="count"/> healthy checks in a row (ResolvedByWatch_One for one).</summary>
    public string ResolvedByWatch(long count) => _catalogue.Plural(count, "ResolvedByWatch_One", nameof(ResolvedByWatch));

    /// <summary>Posted in the incident's thread; {0}: '3 people'; {1}: how long; {2}: the Take button's title.</summary>
    public string Reminder(string arg0, string arg1, string arg2) => Format(nameof(Reminder), arg0, arg1, arg2);

    /// <summary>Sent to the escalation contacts; {0}: the site or service; {1}: '3 people'; {2}: how long.</summary>
    public string AdminReminder(string arg0, string arg1, string arg2) => Format(nameof(AdminReminder), arg0, arg1, arg2);

    /// <summary>{0} of {1}: requests; {2}: status and hop.</summary>
    public string CheckSucceeded(string arg0, string arg1, string arg2) => Format(nameof(CheckSucceeded), arg0, arg1, arg2);

    /// <summary>{0} of {1}: requests; {2}: status and hop.</summary>
    public string CheckFailed(string arg0, string arg1, string arg2) => Format(nameof(CheckFailed), arg0, arg1, arg2);

    /// <summary>{0}: 'HTTP 502'; {1}: the hop.</summary>
    public string CheckFromHop(string arg0, string arg1) => Format(nameof(CheckFromHop), arg0, arg1);

    public string CheckNoHttpAnswer => Get(nameof(CheckNoHttpAnswer));

    public string CheckDnsFailure => Get(nameof(CheckDnsFailure));

    public string CheckResolversDisagree => Get(nameof(CheckResolversDisagree));

    public string CheckUnreachable => Get(nameof(CheckUnreachable));

    public string CheckTls => Get(nameof(CheckTls));

    public string CheckBotNetwork => Get(nameof(CheckBotNetwork));

    public string CheckRefused => Get(nameof(CheckRefused));

    /// <summary>Why an escalation was parked; {0}: how long ('1 day'); {1}: the last error (technical).</summary>
    public string ParkedReason(string arg0, string arg1) => Format(nameof(ParkedReason), arg0, arg1);

    /// <summary>{0}: the connect command; {1}: the same for one owning team, as typed.</summary>
    public string WelcomeHint(string arg0, string arg1) => Format(nameof(WelcomeHint), arg0, arg1);

    /// <summary>Choice: every owning team's escalations.</summary>
    public string ConnectEveryTeam => Get(nameof(ConnectEveryTeam));

    /// <summary>Choice; {0}: an owning team.</summary>
    public string ConnectTeamChoice(string arg0) => Format(nameof(ConnectTeamChoice), arg0);

    /// <summary>Label of the choice.</summary>
    public string ConnectWhich => Get(nameof(ConnectWhich));

    /// <summary>What was connected: every escalation.</summary>
    public string ConnectedEvery => Get(nameof(ConnectedEvery));

    /// <summary>What was connected; {0}: the owning team.</summary>
    public string ConnectedOfTeam(string arg0) => Format(nameof(ConnectedOfTeam), arg0);

    /// <summary>{0}: what ('escalations of X'); {1}: the channel. The team's members are the help desk.</summary>
    public string WelcomeConnectedTeam(string arg0, string arg1) => Format(nameof(WelcomeConnectedTeam), arg0, arg1);

    /// <summary>{0}: what ('escalations of X'); {1}: the channel. Only the configured agents may act.</summary>
    public string WelcomeConnectedAgents(string arg0, string arg1) => Format(nameof(WelcomeConnectedAgents), arg0, arg1);

    /// <summary>{0}: the connect command.</summary>
    public string ChannelsNone(string arg0) => Format(nameof(ChannelsNone), arg0);

    /// <summary>Notification text.</summary>
    public string ChannelsNoneFallback => Get(nameof(ChannelsNoneFallback));

    /// <summary>Notification text.</summary>
    public string ChannelsFallback => Get(nameof(ChannelsFallback));

    /// <summary>Heading.</summary>
    public string ChannelsTitle => Get(nameof(ChannelsTitle));

    /// <summary>Fact name.</summary>
    public string ChannelsEveryOtherTeam => Get(nameof(ChannelsEveryOtherTeam));

    /// <summary>Fact name.</summary>
    public string ChannelsEveryTeam => Get(nameof(ChannelsEveryTeam));

    /// <summary>{0}: the connect command.</summary>
    public string ChannelsNoDefault(string arg0) => Format(nameof(ChannelsNoDefault), arg0);

    /// <summary>{0}: the team asked for; {1}: the connect command.</summary>
    public string UnknownTeamNoTeams(string arg0, string arg1) => Format(nameof(UnknownTeamNoTeams), arg0, arg1);

    /// <summary>{0}: the team asked for; {1}: the catalogue's teams; {2}: the command for one team.</summary>
    public string UnknownTeam(string arg0, string arg1, string arg2) => Format(nameof(UnknownTeam), arg0, arg1, arg2);

    /// <summary>A connected channel whose name Teams did not give.</summary>
    public string ChannelLabelAny => Get(nameof(ChannelLabelAny));

    /// <summary>{0}: the Teams team's name.</summary>
    public string ChannelLabelOfTeam(string arg0) => Format(nameof(ChannelLabelOfTeam), arg0);

    /// <summary>The team's General channel.</summary>
    public string ChannelLabelGeneral => Get(nameof(ChannelLabelGeneral));

    /// <summary>The channel of <c>Tickets:HelpdeskChannel</c>.</summary>
    public string ChannelLabelConfigured => Get(nameof(ChannelLabelConfigured));

    /// <summary>Posted in General; {0}: the deleted channel; {1}: the command that connects a channel.</summary>
    public string ChannelGoneNotice(string arg0, string arg1) => Format(nameof(ChannelGoneNotice), arg0, arg1);

    /// <summary>{0}: the owning team; {1}: the channel.</summary>
    public string ChannelStoppedTeam(string arg0, string arg1) => Format(nameof(ChannelStoppedTeam), arg0, arg1);

    /// <summary>{0}: the channel.</summary>
    public string ChannelStoppedAll(string arg0) => Format(nameof(ChannelStoppedAll), arg0);

    /// <summary>{0}: the owning team; {1}: the channel.</summary>
    public string ChannelNotServing(string arg0, string arg1) => Format(nameof(ChannelNotServing), arg0, arg1);

    /// <summary>{0}: the channel.</summary>
    public string ChannelNotServingAny(string arg0) => Format(nameof(ChannelNotServingAny), arg0);

    /// <summary>{0}: the stop command for every team, as typed; {1}: the same for one owning team.</summary>
    public string WelcomeStopHint(string arg0, string arg1) => Format(nameof(WelcomeStopHint), arg0, arg1);

    /// <summary>{0}: the closed ticket; {1}: the follow-up ticket the note went to (now the incident's ticket).</summary>
    public string EventNoteFollowUp(string arg0, string arg1) => Format(nameof(EventNoteFollowUp), arg0, arg1);

    /// <summary>Posted in a channel reconnected when its team was unarchived; {0}: what ('escalations of X'); {1}: the channel.</summary>
    public string ChannelReconnectedNotice(string arg0, string arg1) => Format(nameof(ChannelReconnectedNotice), arg0, arg1);

    /// <summary>Posted in the channel an owning team's escalations moved to; {0}: what ('escalations of X'); {1}: the channel gone.</summary>
    public string TeamMovedNotice(string arg0, string arg1) => Format(nameof(TeamMovedNotice), arg0, arg1);

    public string ChannelOnlyListedAgents => Get(nameof(ChannelOnlyListedAgents));

    public string ChannelStopOnlyMembers => Get(nameof(ChannelStopOnlyMembers));

    /// <summary>{0}: the channel that serves every team's escalations now.</summary>
    public string ChannelMoveEveryOnlyMembers(string arg0) => Format(nameof(ChannelMoveEveryOnlyMembers), arg0);

    /// <summary>{0}: the owning team; {1}: the channel that serves its escalations now.</summary>
    public string ChannelMoveTeamOnlyMembers(string arg0, string arg1) => Format(nameof(ChannelMoveTeamOnlyMembers), arg0, arg1);

    /// <summary>Reply to a connect that would move escalations <c>Tickets:HelpdeskChannel</c> serves, by someone not in its team.</summary>
    public string ChannelMoveConfiguredOnlyMembers => Get(nameof(ChannelMoveConfiguredOnlyMembers));

    /// <summary>Reply to a connect while <c>Tickets:HelpdeskChannel</c> is marked gone and nothing else serves the escalations.</summary>
    public string ChannelConfiguredGone => Get(nameof(ChannelConfiguredGone));

    /// <summary>{0}: the channel whose team's members Teams did not give.</summary>
    public string ChannelMembersUnread(string arg0) => Format(nameof(ChannelMembersUnread), arg0);

    /// <summary>Under a resolved incident's status while its reporters are told in the background; {0}: how many reporters.</summary>
    public string CardTellingReporters(long count) => _catalogue.Plural(count, "CardTellingReporters_One", "CardTellingReporters_Other");

    /// <summary>Under a resolved incident's status once every reporter's "fixed" message is queued; {0}: how many reporters.</summary>
    public string CardFixMessagesQueued(long count) => _catalogue.Plural(count, "CardFixMessagesQueued_One", "CardFixMessagesQueued_Other");

    /// <summary>A parked escalation's last failure: the ticket system's circuit breaker is open.</summary>
    public string OutboxCircuitOpen => Get(nameof(OutboxCircuitOpen));

    /// <summary>A parked escalation's last failure: the ticket system did not answer in time.</summary>
    public string OutboxTimedOut => Get(nameof(OutboxTimedOut));

    /// <summary>A parked escalation's last failure: it waited for its incident's first ticket.</summary>
    public string OutboxWaitingForLead => Get(nameof(OutboxWaitingForLead));

    /// <summary>A parked escalation's last failure: no connection; {0}: .NET's error name (technical).</summary>
    public string OutboxConnectionFailed(string arg0) => Format(nameof(OutboxConnectionFailed), arg0);

    /// <summary>A parked escalation's last failure as the outbox row keeps it (a ticket system's refusal or the bot's own failure); {0}: that text, as written.</summary>
    public string OutboxLastError(string arg0) => Format(nameof(OutboxLastError), arg0);

    /// <summary>A parked escalation with no failure recorded.</summary>
    public string OutboxFailureUnknown => Get(nameof(OutboxFailureUnknown));

    /// <summary>A Replay click on a stale parked card: the escalation was filed since; {0}: the ticket's number.</summary>
    public string ParkedAlreadyFiled(string arg0) => Format(nameof(ParkedAlreadyFiled), arg0);

    /// <summary>A Replay click on a stale parked card: the escalation was sent since, with no ticket of its own (it joined its incident's ticket).</summary>
    public string ParkedAlreadySent => Get(nameof(ParkedAlreadySent));

    /// <summary>A Replay click on a stale parked card: someone replayed it already and it waits for the ticket system.</summary>
    public string ParkedAlreadyQueued => Get(nameof(ParkedAlreadyQueued));

    /// <summary>A "Take it" click on a card drawn before another agent took the incident; {0}: who has it.</summary>
    public string EventAlreadyTakenBy(string arg0) => Format(nameof(EventAlreadyTakenBy), arg0);

    /// <summary>A "Resolve anyway" click on a card whose question no longer stands; {0}: the Resolve button's label.</summary>
    public string EventResolveQuestionGone(string arg0) => Format(nameof(EventResolveQuestionGone), arg0);
}
