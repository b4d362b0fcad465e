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

    /// <summary>Who produced the error, in the help desk's words (e.g. "nginx/1.22.1 at the origin").</summary>
    public string? Producer { get; init; }

    /// <summary>The channel the incident's card lives in (<see cref="HelpdeskChannel.ChannelId"/>), null when none is connected.</summary>
    public string? ChannelId { get; init; }

    /// <summary>The thread the card started (conversation id <c>19:…;messageid=…</c>) and the card's activity id.</summary>
    public string? ThreadId { get; init; }

    public string? CardActivityId { get; init; }

    public string? TakenById { get; init; }

    public string? TakenByName { get; init; }

    public DateTimeOffset? TakenAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public string? ResolvedByName { get; init; }

    /// <summary>When it was last reopened: a ticket system's resolution from before then is old news (a replayed callback).</summary>
    public DateTimeOffset? ReopenedAt { get; init; }

    /// <summary>
    /// Whether a ticket system's change at <paramref name="changedAt"/> is older than the last reopening. A change stamped
    /// in whole seconds (a callback's timestamp) in the second of the reopening or before it came from before the
    /// reopening, or cannot be told apart from one: the reopening wins.
    /// </summary>
    public bool ReopenedSince(DateTimeOffset changedAt) => ReopenedAt is { } reopened && changedAt.ToUnixTimeSeconds() <= reopened.ToUnixTimeSeconds();

    /// <summary>Counts resolutions: each reporter is told once per resolution (the message key carries it).</summary>
    public int Resolutions { get; init; }

    public ProbeSnapshot? LastProbe { get; init; }

    /// <summary>Consecutive healthy watch checks, and since when.</summary>
    public int HealthyStreak { get; init; }

    public DateTimeOffset? HealthySince { get; init; }

    /// <summary>The watch's current interval; grows from Incidents:WatchInterval to Incidents:WatchMaxInterval.</summary>
    public TimeSpan? WatchInterval { get; init; }

    /// <summary>Resolve found the target still failing: the card asks "resolve anyway?" with this evidence.</summary>
    public string? ConfirmResolveEvidence { get; init; }

    /// <summary>The last thing that happened, for the card's footer (e.g. "Reopened: Alex says it is still broken").</summary>
    public string? LastEvent { get; init; }

    public int Notes { get; init; }

    public DateTimeOffset? RemindedAt { get; init; }

    public DateTimeOffset? AdminsRemindedAt { get; init; }

    /// <summary>Outbox rows of parked escalations announced in the channel (for Replay).</summary>
    public IReadOnlyList<long> ParkedOutboxIds { get; init; } = [];

    /// <summary>The stored form (the store keeps it opaque).</summary>
    public static string ToJson(IncidentDeskState state) => JsonSerializer.Serialize(state, ConversationsJsonContext.Default.IncidentDeskState);

    public static IncidentDeskState FromJson(string json) =>
        JsonSerializer.Deserialize(json, ConversationsJsonContext.Default.IncidentDeskState) ?? throw new InvalidDataException("Empty incident desk state.");
}

/// <param name="Healthy">True when the target answered well from our servers.</param>
/// <param name="Summary">One line for the help desk, e.g. "3 of 3 requests failed (HTTP 502 from nginx)".</param>
public sealed record ProbeSnapshot(DateTimeOffset At, bool Healthy, string Summary);
