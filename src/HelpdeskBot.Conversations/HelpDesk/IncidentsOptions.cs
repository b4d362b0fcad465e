using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>Settings of the help desk's incidents in Teams (section <c>Incidents</c>).</summary>
public sealed class IncidentsOptions
{
    public const string SectionName = "Incidents";

    /// <summary>
    /// AAD object ids of the help-desk agents. Empty (default): every member of a connected channel's team is an
    /// agent (read through the connector's paged members API).
    /// </summary>
    public List<string> Agents { get; set; } = [];

    /// <summary>How long a team's roster is reused before it is read again. Default 5 minutes: a new agent waits at most that long.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RosterCacheFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Incident card updates wait this long after the previous one, so a wave of reports costs a few updates. Default
    /// 10 seconds: 200 joins in a minute make about 6 updates, far under Teams' 7 sends per second per thread.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CardDebounce { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First re-probe of an open incident after this long; each healthy-less check doubles it up to <see cref="WatchMaxInterval"/>. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The watch's longest interval. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan WatchMaxInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the watch looks for due incidents. Default 15 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan WatchPoll { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>An instance's lease of one incident's check; a crashed instance's lease lapses after this. Default 2 minutes (a probe takes seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan WatchLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Consecutive healthy checks before the card suggests resolving. Default 3 (at least 6 minutes healthy at the default interval).</summary>
    [Range(1, 100)]
    public int HealthyChecks { get; set; } = 3;

    /// <summary>Resolve and tell the reporters after <see cref="HealthyChecks"/> healthy checks without waiting for an agent. Default off.</summary>
    public bool AutoResolve { get; set; }

    /// <summary>An incident nobody took within this long gets one reminder in its thread. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan TakeWithin { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Still not taken this long after it was opened: the escalation contacts are told once. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan RemindAdminsAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Teams user ids (<c>29:…</c>) of the escalation contacts told by <see cref="RemindAdminsAfter"/>, each in a 1:1 chat with the bot.</summary>
    public List<string> EscalationContacts { get; set; } = [];
}
