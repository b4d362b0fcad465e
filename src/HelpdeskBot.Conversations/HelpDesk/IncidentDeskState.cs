using System.Globalization;
using System.Text.Json;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>Where an incident stands for the help desk. Stored as <c>status</c> on <c>incidents</c>.</summary>
public enum DeskStatus
{
    New,
    Taken,
    Resolved,
}

/// <summary>The help desk's state of one incident, stored as JSON beside the incident (shared columns mirrored).</summary>
public sealed record IncidentDeskState
{
    public DeskStatus Status { get; init; }

    /// <summary>What was reported, for the card: the target as the first reporter named it.</summary>
    public required string Target { get; init; }

    public string? ServiceName { get; init; }

    public string? OwningTeam { get; init; }

    public int? StatusCode { get; init; }

    /// <summary>
    /// Who produced the error, in the help desk's words when the incident opened (e.g. "nginx/1.22.1 (reverse proxy)");
    /// the card words <see cref="ProducerRole"/> instead when it has it.
    /// </summary>
    public string? Producer { get; init; }

    /// <summary>The product of the hop that produced the error (with <see cref="ProducerRole"/>).</summary>
    public string? ProducerProduct { get; init; }

    public Probes.Diagnosis.HopRole? ProducerRole { get; init; }

    /// <summary>The channel the incident's card lives in (<see cref="HelpdeskChannel.ChannelId"/>), null when none is connected.</summary>
    public string? ChannelId { get; init; }

    /// <summary>The thread the card started (conversation id <c>19:…;messageid=…</c>) and the card's activity id.</summary>
    public string? ThreadId { get; init; }

    public string? CardActivityId { get; init; }

    public string? TakenById { get; init; }

    public string? TakenByName { get; init; }

    public DateTimeOffset? TakenAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Who resolved it: an agent's name, or (rows stored before <see cref="ResolvedBy"/>) a sentence as worded then.</summary>
    public string? ResolvedByName { get; init; }

    /// <summary>Who resolved it when that is a sentence (the watch, the ticket system): worded when the card is drawn.</summary>
    public DeskText? ResolvedBy { get; init; }

    /// <summary>When it was last reopened: a ticket system's resolution from before then is old news (a replayed callback).</summary>
    public DateTimeOffset? ReopenedAt { get; init; }

    /// <summary>
    /// The ticket system's own time of the last resolution that resolved the incident from there: a resolution stamped
    /// then or earlier is that one again (a retry, a replay, a read-back), whatever the two systems' clocks disagree on.
    /// </summary>
    public DateTimeOffset? TicketResolvedAt { get; init; }

    /// <summary>
    /// Whether a ticket system's change at <paramref name="changedAt"/> is older than the last reopening. A change stamped
    /// in whole seconds (a callback's timestamp) in the second of the reopening or before it came from before the
    /// reopening, or cannot be told apart from one: the reopening wins. So does one no newer than the resolution the
    /// incident last had from the ticket system (compared on that system's own clock, which may run ahead of ours).
    /// </summary>
    public bool ReopenedSince(DateTimeOffset changedAt) => ReopenedAt is { } reopened && (NotAfter(changedAt, reopened) || (TicketResolvedAt is { } last && NotAfter(changedAt, last)));

    /// <summary>Counts resolutions: each reporter is told once per resolution (the message key carries it).</summary>
    public int Resolutions { get; init; }

    /// <summary>
    /// How many reporters' "fixed" messages the walk of resolution <see cref="ReportersToldFor"/> queued (each sent or
    /// durably queued for sending; one per reporter), written when that walk finished.
    /// </summary>
    public int? ReportersTold { get; init; }

    /// <summary>The resolution (<see cref="Resolutions"/>) that <see cref="ReportersTold"/> counts for.</summary>
    public int? ReportersToldFor { get; init; }

    /// <summary>
    /// Reports that reached the desk while a resolution's walk was pending (each joined the incident before it was
    /// resolved, its ticket came later): a walk clears its flag only when this is what it read before listing the
    /// cases, so a walk whose listing may have missed one runs again and counts it.
    /// </summary>
    public int LateJoins { get; init; }

    public ProbeSnapshot? LastProbe { get; init; }

    /// <summary>Consecutive healthy watch checks, and since when.</summary>
    public int HealthyStreak { get; init; }

    public DateTimeOffset? HealthySince { get; init; }

    /// <summary>The watch's current interval; grows from Incidents:WatchInterval to Incidents:WatchMaxInterval.</summary>
    public TimeSpan? WatchInterval { get; init; }

    /// <summary>
    /// Resolve found the target still failing: the card asks "resolve anyway?" with this evidence (as worded when it was
    /// taken; the card words <see cref="ConfirmResolveProbe"/> instead when it has it).
    /// </summary>
    public string? ConfirmResolveEvidence { get; init; }

    /// <summary>The check behind <see cref="ConfirmResolveEvidence"/>, as facts.</summary>
    public ProbeSnapshot? ConfirmResolveProbe { get; init; }

    /// <summary>
    /// The last thing that happened, for the card's footer (e.g. "Reopened: Alex says it is still broken"), as worded
    /// when it happened: rows stored before <see cref="LastEventText"/>, which the card words instead.
    /// </summary>
    public string? LastEvent { get; init; }

    /// <summary>The last thing that happened, as a text of the help desk's catalogue and its values.</summary>
    public DeskText? LastEventText { get; init; }

    public int Notes { get; init; }

    public DateTimeOffset? RemindedAt { get; init; }

    public DateTimeOffset? AdminsRemindedAt { get; init; }

    /// <summary>
    /// The reopening (<see cref="ReopenedAt"/>) after which the watch read the incident's ticket as open: a resolution it
    /// reads after that happened since the reopening, so a ticket system without a resolution time may date it by its
    /// last change.
    /// </summary>
    public DateTimeOffset? TicketOpenAfter { get; init; }

    /// <summary>The reopening for which the watch logged that it ignores the ticket's resolution (logged once per reopening).</summary>
    public DateTimeOffset? ResolutionIgnoredFor { get; init; }

    /// <summary>
    /// The reopening for which the desk logged (at Information) that a ticket system's resolution from before it changes
    /// nothing; later ones (the watch's next rounds, a webhook's retries) are logged at Debug.
    /// </summary>
    public DateTimeOffset? OlderResolutionLoggedFor { get; init; }

    /// <summary>Outbox rows of parked escalations announced in the channel (for Replay).</summary>
    public IReadOnlyList<long> ParkedOutboxIds { get; init; } = [];

    /// <summary>The stored form (the store keeps it opaque).</summary>
    private static bool NotAfter(DateTimeOffset at, DateTimeOffset than) => at.ToUnixTimeSeconds() <= than.ToUnixTimeSeconds();

    public static string ToJson(IncidentDeskState state) => JsonSerializer.Serialize(state, ConversationsJsonContext.Default.IncidentDeskState);

    public static IncidentDeskState FromJson(string json) =>
        JsonSerializer.Deserialize(json, ConversationsJsonContext.Default.IncidentDeskState) ?? throw new InvalidDataException("Empty incident desk state.");
}

/// <param name="Healthy">True when the target answered well from our servers.</param>
/// <param name="Summary">
/// One line for the help desk as worded when the check was taken, e.g. "3 of 3 requests failed (HTTP 502 from nginx)";
/// the card words the facts below instead (<see cref="DeskProbe.Words"/>), and this only for rows stored before them.
/// </param>
public sealed record ProbeSnapshot(DateTimeOffset At, bool Healthy, string Summary)
{
    public Probes.Diagnosis.VerdictKind? Kind { get; init; }

    public int? Failed { get; init; }

    public int? Total { get; init; }

    public int? StatusCode { get; init; }

    /// <summary>The product of the hop that answered.</summary>
    public string? Hop { get; init; }
}

/// <summary>
/// A help-desk text kept as facts: its key in the help desk's catalogue (<c>DeskTexts</c>) and the values it names
/// (names, counts as digits). Worded in the language of the moment it is shown, so changing <c>Tickets:Language</c>
/// changes what the card says at its next refresh. The key is stored: a key no longer in the catalogue (renamed since)
/// reads as null, and the card shows the words stored beside it.
/// </summary>
public sealed record DeskText(string Key, IReadOnlyList<string> Values)
{
    /// <summary>
    /// The positions in <see cref="Values"/> that are counts (stored as invariant digits): worded as the language of the
    /// moment writes numbers ("1.500" in German). Rows stored before show their digits as stored.
    /// </summary>
    public IReadOnlyList<int> Counts { get; init; } = [];

    public static DeskText Of(string key, params string[] values) => new(key, values);

    /// <summary>A text whose first value, <c>{0}</c>, is a count.</summary>
    public static DeskText WithCount(string key, long count, params string[] more) =>
        new(key, [count.ToString(CultureInfo.InvariantCulture), .. more]) { Counts = [0] };

    /// <summary>The singular beside a text that starts with a count (<c>ResolvedByWatch</c> and <c>ResolvedByWatch_One</c>).</summary>
    private const string One = "_One";

    public string? In(Tickets.Localization.DeskTexts t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (!t.All.ContainsKey(Key))
        {
            return null;
        }

        // A text with a singular beside it starts with its count: worded by the language's plural rule ("1 check"),
        // the count written as the language writes numbers.
        if (Values.Count > 0 && t.All.ContainsKey(Key + One) && long.TryParse(Values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return t.Catalogue.Plural(count, Key + One, Key, [.. Values.Skip(1)]);
        }

        var values = Values.Select((v, i) => Counts.Contains(i) && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? t.Number(n) : v);
        return t.Catalogue.Format(Key, [.. values]);
    }
}
