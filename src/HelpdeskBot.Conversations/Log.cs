using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations;

/// <summary>Log messages of the conversation (event ids 4000–4099). Never message text above Debug, never tokens.</summary>
internal static partial class Log
{
    /// <summary>Host name only at Information, the URL without its query string only at Debug (<see cref="LoggedTarget"/>).</summary>
    public static void CaseOpened(ILogger logger, string caseId, string problem, int? statusCode, string? target, string scope)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var logged = LoggedTarget.From(target);
        CaseOpenedOn(logger, caseId, problem, statusCode, logged.Host, scope);
        if (logged.Url is not null)
        {
            CaseTarget(logger, caseId, logged.Url);
        }
    }

    [LoggerMessage(4000, LogLevel.Information, "Case {CaseId} opened: {Problem} {StatusCode} on {Host} (scope {Scope})")]
    private static partial void CaseOpenedOn(ILogger logger, string caseId, string problem, int? statusCode, string? host, string scope);

    [LoggerMessage(4015, LogLevel.Debug, "Case {CaseId} target: {Url}")]
    private static partial void CaseTarget(ILogger logger, string caseId, string url);

    [LoggerMessage(4001, LogLevel.Information, "Case {CaseId} diagnosed: {Verdict} (server-side {ServerSide}), runbook {RunbookId}, next {Phase} {StepId}")]
    public static partial void CaseDiagnosed(ILogger logger, string caseId, string verdict, bool serverSide, string? runbookId, string phase, string? stepId);

    [LoggerMessage(4002, LogLevel.Information, "Case {CaseId} v{Version}: {Verb} → {Phase} {StepId}")]
    public static partial void CaseAction(ILogger logger, string caseId, long version, string verb, string phase, string? stepId);

    [LoggerMessage(4003, LogLevel.Information, "Case {CaseId}: stale click at v{Clicked}, current v{Current}; answered with the current card")]
    public static partial void StaleClick(ILogger logger, string caseId, long clicked, long current);

    [LoggerMessage(4004, LogLevel.Information, "Case {CaseId} escalated ({Reason}), escalation {EscalationId}")]
    public static partial void Escalated(ILogger logger, string caseId, string reason, string escalationId);

    [LoggerMessage(4005, LogLevel.Warning, "Case {CaseId}: could not update card {ActivityId}; sending a new message")]
    public static partial void CardUpdateFailed(ILogger logger, Exception exception, string caseId, string? activityId);

    [LoggerMessage(4006, LogLevel.Error, "Case {CaseId}: diagnosis failed unexpectedly")]
    public static partial void DiagnosisFailed(ILogger logger, Exception exception, string caseId);

    [LoggerMessage(4007, LogLevel.Information, "Case {CaseId} abandoned after {Idle} idle")]
    public static partial void Abandoned(ILogger logger, string caseId, TimeSpan idle);

    [LoggerMessage(4008, LogLevel.Information, "Case {CaseId}: ticket {Ticket} ({Affected} affected) shown to the user")]
    public static partial void TicketShown(ILogger logger, string caseId, string ticket, int affected);

    [LoggerMessage(4009, LogLevel.Warning, "Case {CaseId}: write conflict persisted after {Attempts} attempts; giving up on {What}")]
    public static partial void ConflictGaveUp(ILogger logger, string caseId, int attempts, string what);

    [LoggerMessage(4011, LogLevel.Error, "Idle case sweep failed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(4012, LogLevel.Information, "Click on case {CaseId} by a user who does not own it; refused")]
    public static partial void NotOwner(ILogger logger, string caseId);

    [LoggerMessage(4013, LogLevel.Information, "Runbooks loaded: {Count} ({Ids}) from {RunbooksPath}; service catalogue: {Services} services from {CatalogPath}")]
    public static partial void RunbooksLoaded(ILogger logger, int count, string ids, string runbooksPath, int services, string catalogPath);

    [LoggerMessage(4019, LogLevel.Warning, "Runbook {File} has no {LanguageName} ({Language}) text for: {Missing}. Cases in {LanguageName} show English there; add the texts or put {Language} in Runbooks:Languages to require them")]
    public static partial void RunbookTextsInEnglish(ILogger logger, string file, string languageName, string language, string missing);

    [LoggerMessage(4014, LogLevel.Debug, "Diagnosis of {Host} shared with another case (run started {Age} earlier)")]
    public static partial void DiagnosisShared(ILogger logger, string host, TimeSpan age);

    [LoggerMessage(4050, LogLevel.Information, "Delivery dispatcher {Owner} started")]
    public static partial void DeliveryDispatcherStarted(ILogger logger, string owner);

    [LoggerMessage(4051, LogLevel.Warning, "Delivery {Kind}/{SubjectId}: attempt {Attempt} failed ({Error}); next try at {NextAttemptAt:o}")]
    public static partial void DeliveryAttemptFailed(ILogger logger, string kind, string subjectId, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(4052, LogLevel.Error, "Delivery {Kind}/{SubjectId} parked after {Attempts} attempts: {Error}")]
    public static partial void DeliveryParked(ILogger logger, string kind, string subjectId, int attempts, string error);

    [LoggerMessage(4053, LogLevel.Warning, "Delivery {Kind}/{SubjectId}: card {ActivityId} can no longer be updated ({Status}); sending it anew")]
    public static partial void DeliveryCardResent(ILogger logger, string kind, string subjectId, string activityId, int status);

    [LoggerMessage(4054, LogLevel.Warning, "Delivery {Kind}/{SubjectId}: lease lost before completion (another instance took it over)")]
    public static partial void DeliveryLeaseLost(ILogger logger, string kind, string subjectId);

    [LoggerMessage(4055, LogLevel.Error, "Delivery round failed")]
    public static partial void DeliveryRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(4056, LogLevel.Warning, "Connector throttled {Scope} for {RetryAfter}; deliveries there paused")]
    public static partial void DeliveryThrottled(ILogger logger, string scope, TimeSpan retryAfter);

    [LoggerMessage(4065, LogLevel.Information, "Delivery {Key}: what it says about {ClaimKind} {ClaimSubject} is no longer so; completed without sending")]
    public static partial void DeliveryClaimLapsed(ILogger logger, string key, string claimKind, string claimSubject);

    [LoggerMessage(4130, LogLevel.Debug, "Delivery {Kind}/{SubjectId}: the card already shows this (its last send showed the change); completed without sending")]
    public static partial void DeliveryUnchanged(ILogger logger, string kind, string subjectId);

    [LoggerMessage(4057, LogLevel.Error, "Delivery {Kind}/{SubjectId}: no live card source of that kind; parked")]
    public static partial void DeliveryUnknownKind(ILogger logger, string kind, string subjectId);

    [LoggerMessage(4058, LogLevel.Error, "A report could not be stored; the reporter was told reports cannot be taken now")]
    public static partial void ReportNotStored(ILogger logger, Exception exception);
    [LoggerMessage(4101, LogLevel.Debug, "Roster of team {Team} read: {Count} ids")]
    public static partial void RosterRead(ILogger logger, string team, int count);

    [LoggerMessage(4140, LogLevel.Information, "A report reached incident {IncidentId} while the walk of resolution {Resolution} was pending: the walk runs again and tells and counts its reporter")]
    public static partial void LateReporterWalkAgain(ILogger logger, string incidentId, int resolution);

    [LoggerMessage(4141, LogLevel.Information, "A report reached incident {IncidentId} after the walk of resolution {Resolution}: its reporter's fixed message is queued (counted on the card: {Counted})")]
    public static partial void LateReporterTold(ILogger logger, string incidentId, int resolution, bool counted);

    [LoggerMessage(4139, LogLevel.Debug, "Roster of team {Team} dropped: a member left the team, the next check reads it again")]
    public static partial void RosterDropped(ILogger logger, string team);

    [LoggerMessage(4102, LogLevel.Information, "Help-desk channel {ChannelId} (team {Team}) connected")]
    public static partial void ChannelConnected(ILogger logger, string channelId, string? team);

    [LoggerMessage(4103, LogLevel.Information, "Incident {IncidentId}: {Action} via {Via} -> {Outcome}")]
    public static partial void IncidentAction(ILogger logger, string incidentId, string action, string via, string outcome);

    [LoggerMessage(4104, LogLevel.Information, "Incident {IncidentId}: {Action} refused, the user is not a help-desk agent")]
    public static partial void NotAgent(ILogger logger, string incidentId, string action);

    [LoggerMessage(4105, LogLevel.Error, "Incident watch round failed")]
    public static partial void WatchRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(4106, LogLevel.Debug, "Incident {IncidentId} checked: healthy {Healthy}, streak {Streak}, next at {Next}")]
    public static partial void WatchChecked(ILogger logger, string incidentId, bool healthy, int streak, DateTimeOffset? next);

    [LoggerMessage(4107, LogLevel.Information, "Incident {IncidentId}: resolution {Resolution} queued for {Count} reporters ({Told} reporters' messages queued in all)")]
    public static partial void ReportersQueued(ILogger logger, string incidentId, int resolution, int count, int told);

    [LoggerMessage(4138, LogLevel.Warning, "Incident {IncidentId}: the reporters' walk failed; the watch's next round walks them again")]
    public static partial void FanOutFailed(ILogger logger, Exception exception, string incidentId);

    [LoggerMessage(4123, LogLevel.Information, "Incident {IncidentId}: reopened; {Count} reporters' cards no longer say it is fixed")]
    public static partial void ReportersReopened(ILogger logger, string incidentId, int count);

    [LoggerMessage(4133, LogLevel.Warning, "Incident {IncidentId}: {Count} reporters' cases could not be written now (concurrent writes); the watch's next round walks the reporters again")]
    public static partial void FanOutUnfinished(ILogger logger, string incidentId, int count);

    [LoggerMessage(4134, LogLevel.Debug, "Incident {IncidentId}: resolve via {Via} -> older-than-reopen (again for this reopening)")]
    public static partial void OlderResolutionAgain(ILogger logger, string incidentId, string via);

    [LoggerMessage(4108, LogLevel.Warning, "Incident {IncidentId}: the help-desk card could not be brought up to date")]
    public static partial void BoardFailed(ILogger logger, Exception exception, string incidentId);

    [LoggerMessage(4110, LogLevel.Information, "Incident {IncidentId}: ticket system says {State} ({ProviderStatus})")]
    public static partial void TicketStatusRead(ILogger logger, string incidentId, string state, string? providerStatus);

    [LoggerMessage(4111, LogLevel.Information, "Incident {IncidentId}: not taken, reminder sent (escalation contacts: {Admins})")]
    public static partial void ReminderSent(ILogger logger, string incidentId, bool admins);

    [LoggerMessage(4120, LogLevel.Warning, "Incident {IncidentId}: its thread {ThreadId} no longer exists; the card starts a new thread in channel {ChannelId}")]
    public static partial void ThreadGone(ILogger logger, string incidentId, string threadId, string channelId);

    [LoggerMessage(4121, LogLevel.Warning, "Help-desk channel {ChannelId} no longer exists; disconnected: {Disconnected}. Incident {IncidentId} moves to channel {NextChannelId}")]
    public static partial void ChannelGone(ILogger logger, string channelId, bool disconnected, string incidentId, string? nextChannelId);

    [LoggerMessage(4124, LogLevel.Information, "Teams: {EventType} for help-desk channel {ChannelId}")]
    public static partial void ChannelEvent(ILogger logger, string eventType, string channelId);

    [LoggerMessage(4125, LogLevel.Information, "Help-desk channel {ChannelId}: escalations stopped (owning team: {OwningTeam})")]
    public static partial void ChannelStopped(ILogger logger, string channelId, string? owningTeam);

    [LoggerMessage(4126, LogLevel.Error, "Tickets:HelpdeskChannel {ChannelId} no longer exists in Teams: incidents go to the next channel in the routing order, or are not posted in Teams; /health/ready reports it degraded until the setting names a channel that exists or that channel is connected from Teams")]
    public static partial void ConfiguredChannelGone(ILogger logger, string channelId);

    [LoggerMessage(4127, LogLevel.Error, "Parked escalation {EscalationId}: no help-desk channel is left to announce it in (the last one is gone from Teams, or an agent stopped escalations there); the reporter's card does not say the help desk was told. A channel lost in Teams also makes /health/ready report degraded until a channel is connected")]
    public static partial void ParkedNotAnnounced(ILogger logger, string escalationId);

    [LoggerMessage(4128, LogLevel.Information, "Incident {IncidentId}: ticket {Ticket} is closed for good; the note opened follow-up ticket {FollowUp}, the incident's ticket from now on")]
    public static partial void NoteOnFollowUp(ILogger logger, string incidentId, string ticket, string followUp);

    [LoggerMessage(4129, LogLevel.Warning, "Incident {IncidentId}: {Provider} ticket {Ticket} says resolved, but the incident was reopened at {ReopenedAt:u} and stays open: {Why}. An agent resolves it from the card, or the ticket is set in progress and resolved again")]
    public static partial void TicketResolutionIgnored(ILogger logger, string incidentId, string provider, string ticket, DateTimeOffset reopenedAt, string why);

    [LoggerMessage(4137, LogLevel.Warning, "A help-desk Connect click came from a {ConversationType} conversation, not a team's channel: nothing connected")]
    public static partial void ConnectOutsideTeam(ILogger logger, string? conversationType);

    [LoggerMessage(4122, LogLevel.Debug, "Purged {Count} sent messages older than {Retention} (Delivery:SentRetention)")]
    public static partial void DeliveriesPurged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(4020, LogLevel.Information, "Diagnosis dispatcher {Owner} started ({Concurrency} at once)")]
    public static partial void DiagnosisDispatcherStarted(ILogger logger, string owner, int concurrency);

    [LoggerMessage(4021, LogLevel.Warning, "Claiming pending diagnoses failed; trying again at the next wake-up or poll")]
    public static partial void DiagnosisClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(4022, LogLevel.Warning, "The diagnosis of case {CaseId} could not be given back to the store; it is taken again when its claim expires")]
    public static partial void DiagnosisReleaseFailed(ILogger logger, Exception exception, string caseId);

    [LoggerMessage(4200, LogLevel.Warning, "A user's language choice could not be read from the store; their Teams locale decides this message")]
    public static partial void LanguageChoiceUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(4201, LogLevel.Information, "A user chose language {Language} (null: their Teams locale)")]
    public static partial void LanguageChosen(ILogger logger, string? language);

    [LoggerMessage(4202, LogLevel.Warning, "User {UserId} may not {Change} channel {ChannelId} (owning team {OwningTeam}; null: every team): nothing changed. With Incidents:Agents set only a listed agent may; without, only a member of the team of the channel that serves those escalations")]
    public static partial void ChannelChangeRefused(ILogger logger, string? userId, string channelId, string? owningTeam, string change);

    [LoggerMessage(4203, LogLevel.Warning, "The members of the team of channel {ChannelId} ({Channel}) could not be read from Teams: a connect or stop that needs them is refused, nothing changed")]
    public static partial void ChannelRosterUnread(ILogger logger, Exception exception, string channelId, string channel);
}
