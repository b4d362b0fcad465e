using HelpdeskBot.Tickets.Incidents;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// The help desk's side of incidents: connected channels, each incident's desk state (guarded by a version, so
/// stale and double clicks are safe across instances), the watch's lease, and the cases of each incident.
/// </summary>
/// <remarks>Implemented by Storage for SQLite and PostgreSQL.</remarks>
public interface IHelpdeskStore
{
    /// <summary>
    /// Connects (or re-connects) a channel for <see cref="HelpdeskChannel.OwningTeam"/>'s escalations (null: every
    /// team's, as the default, which makes every other channel non-default). A channel serves several teams: one
    /// listed entry per team, each added by its own connection. In the same transaction the losses marked before are
    /// forgotten (see <see cref="MarkChannelGoneAsync"/>): every gone mark but <paramref name="keepGoneMark"/>'s
    /// (<c>Tickets:HelpdeskChannel</c>, which routing skips while it is marked; null: none), so a stop cannot leave the
    /// channel connected with an old loss still marked.
    /// </summary>
    Task ConnectChannelAsync(HelpdeskChannel channel, string? keepGoneMark, CancellationToken cancellationToken);

    /// <summary>Forgets a channel (it was deleted in Teams), for every team it served; false when it was not connected.</summary>
    Task<bool> DisconnectChannelAsync(string channelId, CancellationToken cancellationToken);

    /// <summary>
    /// A channel no longer exists in Teams (deleted, or its team deleted or archived): for <c>Tickets:HelpdeskChannel</c>
    /// (never connected from Teams) routing skips it from now on; for any, /health/ready knows a channel was lost.
    /// Connecting a channel from Teams clears the marks (all but <c>Tickets:HelpdeskChannel</c>'s unless it is the one connected).
    /// </summary>
    Task MarkChannelGoneAsync(string channelId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>When <see cref="MarkChannelGoneAsync"/> marked the channel gone; null when it is not.</summary>
    Task<DateTimeOffset?> GoneSinceAsync(string channelId, CancellationToken cancellationToken);

    /// <summary>The channel <see cref="MarkChannelGoneAsync"/> marked gone last (null: none is marked).</summary>
    Task<GoneChannel?> LastGoneAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a copy of the channel's rows as they are (one per team it serves) before its team's archiving disconnects
    /// it, for <see cref="RestoreArchivedAsync"/>. A copy kept before for the channel is replaced by its rows as they
    /// are now; a channel no longer connected keeps its copy (the same archiving handled again). Safe to run twice at once.
    /// </summary>
    Task SetAsideChannelAsync(string channelId, CancellationToken cancellationToken);

    /// <summary>
    /// The team <paramref name="teamId"/> of <paramref name="tenantId"/> was unarchived: the rows set aside for its
    /// channels are connected again as they were (a row connected again meanwhile stays as it is, its copy dropped; a
    /// default connected meanwhile stays the default) and, when any was, every gone mark but <paramref name="keepGoneMark"/>'s
    /// cleared (as <see cref="ConnectChannelAsync"/> does), in one transaction. The copies of the
    /// rows connected again stay, stamped <paramref name="at"/>, for <see cref="ListRestoredAsync"/> until
    /// <see cref="DropRestoredAsync"/>. Returns the rows connected again.
    /// </summary>
    Task<IReadOnlyList<HelpdeskChannel>> RestoreArchivedAsync(string teamId, string tenantId, DateTimeOffset at, string? keepGoneMark, CancellationToken cancellationToken);

    /// <summary>Rows <see cref="RestoreArchivedAsync"/> connected again whose channels have not been told yet (a stop came between), oldest first.</summary>
    Task<IReadOnlyList<RestoredChannel>> ListRestoredAsync(CancellationToken cancellationToken);

    /// <summary>The restored row's channel was told (or need not be): its copy is dropped, unless set aside again meanwhile.</summary>
    Task DropRestoredAsync(RestoredChannel restored, CancellationToken cancellationToken);

    /// <summary>The channel no longer takes <paramref name="owningTeam"/>'s escalations (null: every team's); false when it did not.</summary>
    Task<bool> RemoveChannelTeamAsync(string channelId, string? owningTeam, CancellationToken cancellationToken);

    /// <summary>Teams renamed the channel: the name shown from now on. False when it is not connected.</summary>
    Task<bool> RenameChannelAsync(string channelId, string channelName, CancellationToken cancellationToken);

    /// <summary>Every connected channel, one entry per team it serves, in the order they were connected.</summary>
    Task<IReadOnlyList<HelpdeskChannel>> ListChannelsAsync(CancellationToken cancellationToken);

    /// <summary>The open incidents whose cards live in <paramref name="channelId"/> (their desk state routes them there), oldest first.</summary>
    Task<IReadOnlyList<string>> ListOpenOnChannelAsync(string channelId, CancellationToken cancellationToken);

    /// <summary>The incident with its desk state and reporters' names (and, while its flag is set, <see cref="DeskIncident.PendingReporters"/>).</summary>
    Task<DeskIncident?> GetAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// The incident's desk state alone (null when there is none), without its reporters' names: cheap enough for the
    /// fan-out to read once per reporter it tells.
    /// </summary>
    Task<IncidentDeskState?> GetDeskAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>The open incident of <paramref name="targetKey"/>, if any.</summary>
    Task<string?> FindOpenAsync(string targetKey, CancellationToken cancellationToken);

    /// <summary>
    /// The newest incident of <paramref name="targetKey"/> that <paramref name="reporterId"/> joined (open or closed):
    /// where that reporter's latest report about the target went. Null when none did.
    /// </summary>
    Task<string?> FindJoinedAsync(string targetKey, string reporterId, CancellationToken cancellationToken);

    /// <summary>Adds a reporter's case to the incident; false when it was already there.</summary>
    Task<bool> AddCaseAsync(string incidentId, string caseId, string reporterId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<IncidentCase>> ListCasesAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="update"/> when the stored desk version is still <paramref name="expectedVersion"/>
    /// (and, when reopening, no other incident on the target is open). False, with nothing written, otherwise.
    /// </summary>
    Task<bool> TryUpdateAsync(string incidentId, long expectedVersion, DeskUpdate update, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="max"/> open incidents whose watch is due and not leased by a live owner: one
    /// instance at a time probes an incident.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimWatchAsync(string owner, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends <paramref name="owner"/>'s lease of the incident's watch.</summary>
    Task ReleaseWatchAsync(string incidentId, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Incidents whose reporters' cards have not all caught up with the last resolution (and its messages) or reopening
    /// yet (<see cref="DeskIncident.NotifyPending"/>).
    /// </summary>
    Task<IReadOnlyList<string>> ListNotifyPendingAsync(int max, CancellationToken cancellationToken);

    /// <summary>
    /// When each incident opened in [<paramref name="from"/>, <paramref name="to"/>) was opened, taken and resolved,
    /// newest first, at most <paramref name="max"/>: the dashboard's time to take and time to resolve.
    /// </summary>
    Task<IReadOnlyList<IncidentTimes>> ListTimesAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken);
}

/// <param name="TakenAt">When someone took it (null: nobody has, or it was resolved without being taken).</param>
/// <param name="ResolvedAt">When it was resolved (null: not resolved, or reopened).</param>
public sealed record IncidentTimes(string IncidentId, string TargetKey, DateTimeOffset OpenedAt, DateTimeOffset? TakenAt, DateTimeOffset? ResolvedAt);

/// <param name="ChannelId">The channel's conversation id (<c>19:…@thread.tacv2</c>), without a thread's <c>;messageid=</c>.</param>
/// <param name="OwningTeam">Incidents of services owned by this catalogue team go here; null for any.</param>
/// <param name="IsDefault">Takes the incidents no other channel owns.</param>
/// <param name="ChannelName">The channel's name in Teams when it was connected (null when Teams did not say).</param>
public sealed record HelpdeskChannel(
    string ChannelId,
    string ServiceUrl,
    string? TeamId,
    string? TeamName,
    string? TenantId,
    string? BotId,
    string? BotName,
    string? OwningTeam,
    bool IsDefault,
    string ConnectedBy,
    DateTimeOffset ConnectedAt,
    string? ChannelName = null);

/// <param name="Desk">The desk's state, or null when the desk has not seen the incident yet.</param>
/// <param name="Version">The desk version the state was read at.</param>
/// <param name="NextWatchAt">When the watch checks it next (null: not watched).</param>
/// <param name="NotifyPending">
/// The reporters' cards are still to catch up with the last resolution (cards and messages queued) or reopening (cards
/// no longer saying fixed): written with the resolution or reopening, cleared by the fan-out when it is done.
/// </param>
public sealed record DeskIncident(Incident Incident, IncidentDeskState? Desk, long Version, DateTimeOffset? NextWatchAt, bool NotifyPending)
{
    /// <summary>
    /// While <see cref="NotifyPending"/>: how many reporters the pending step walks (distinct reporters of the
    /// incident's cases, as stored when read); null otherwise.
    /// </summary>
    public int? PendingReporters { get; init; }
}

public sealed record IncidentCase(string CaseId, string ReporterId);

/// <param name="Channel">The row connected again as it is now.</param>
/// <param name="RestoredAt">When the unarchiving connected it again.</param>
public sealed record RestoredChannel(HelpdeskChannel Channel, DateTimeOffset RestoredAt);

/// <param name="ChannelId">The channel's conversation id.</param>
/// <param name="GoneAt">When Teams said it no longer exists.</param>
public sealed record GoneChannel(string ChannelId, DateTimeOffset GoneAt);

/// <param name="Closed">The incident's <c>closed</c> flag (resolved incidents are closed; a new report opens a new one).</param>
/// <param name="NextWatchAt">When the watch probes next; null stops the watch.</param>
/// <param name="NotifyPending">Reporters' cards still to catch up with this resolution or reopening.</param>
public sealed record DeskUpdate(IncidentDeskState Desk, bool Closed, DateTimeOffset? NextWatchAt, bool NotifyPending);
