namespace HelpdeskBot.Tickets.Localization;

/// <summary>
/// The help desk's web pages (<c>/tickets</c>, <c>/tickets/{number}</c>, <c>/dashboard</c>): headings, fields, buttons and
/// banners. The pages reuse the channel card's words for the same things (the actions, "Target", "First report").
/// </summary>
public sealed partial class DeskTexts
{
    /// <summary>The web pages' date and time: a .NET custom format.</summary>
    public string PageTimeFormat => Get(nameof(PageTimeFormat));

    /// <summary>The navigation, for screen readers.</summary>
    public string PageNavLabel => Get(nameof(PageNavLabel));

    /// <summary>Navigation link and page title.</summary>
    public string PageNavDashboard => Get(nameof(PageNavDashboard));

    /// <summary>Navigation link and page title.</summary>
    public string PageNavTickets => Get(nameof(PageNavTickets));

    /// <summary>Navigation link.</summary>
    public string PageNavOpenTickets => Get(nameof(PageNavOpenTickets));

    /// <summary>Filter field and table column.</summary>
    public string PageFilterStatus => Get(nameof(PageFilterStatus));

    /// <summary>Filter field: the reporter's Teams id.</summary>
    public string PageFilterReporter => Get(nameof(PageFilterReporter));

    /// <summary>Filter check box.</summary>
    public string PageFilterOpenOnly => Get(nameof(PageFilterOpenOnly));

    /// <summary>Button.</summary>
    public string PageFilterApply => Get(nameof(PageFilterApply));

    /// <summary>Link: the list without filters.</summary>
    public string PageFilterClear => Get(nameof(PageFilterClear));

    /// <summary>Table column.</summary>
    public string PageColNumber => Get(nameof(PageColNumber));

    /// <summary>Table column.</summary>
    public string PageColTitle => Get(nameof(PageColTitle));

    /// <summary>Table column.</summary>
    public string PageColUrgency => Get(nameof(PageColUrgency));

    /// <summary>Table column.</summary>
    public string PageColTeam => Get(nameof(PageColTeam));

    /// <summary>Table column.</summary>
    public string PageColReporter => Get(nameof(PageColReporter));

    /// <summary>Table column.</summary>
    public string PageColUpdated => Get(nameof(PageColUpdated));

    /// <summary>Ticket field.</summary>
    public string PageFieldCategory => Get(nameof(PageFieldCategory));

    /// <summary>Ticket field.</summary>
    public string PageFieldCreated => Get(nameof(PageFieldCreated));

    /// <summary>Heading.</summary>
    public string PageIncident => Get(nameof(PageIncident));

    /// <summary>Incident field.</summary>
    public string PageIncidentState => Get(nameof(PageIncidentState));

    /// <summary>The incident's state.</summary>
    public string PageIncidentOpen => Get(nameof(PageIncidentOpen));

    /// <summary>The incident's state.</summary>
    public string PageIncidentClosed => Get(nameof(PageIncidentClosed));

    /// <summary>Heading.</summary>
    public string PageDescription => Get(nameof(PageDescription));

    /// <summary>After an action that changed nothing.</summary>
    public string PageActionUnchanged => Get(nameof(PageActionUnchanged));

    /// <summary>After an action on an incident that no longer exists.</summary>
    public string PageIncidentGone => Get(nameof(PageIncidentGone));

    /// <summary>Button.</summary>
    public string PageResolveAnyway => Get(nameof(PageResolveAnyway));

    /// <summary>{0}: the filters.</summary>
    public string PageFilteredBy(string arg0) => Format(nameof(PageFilteredBy), arg0);

    /// <summary>Heading; {0}: how many comments.</summary>
    public string PageComments(string arg0) => Format(nameof(PageComments), arg0);

    /// <summary>{0}: the action (its button's words).</summary>
    public string PageActionDone(string arg0) => Format(nameof(PageActionDone), arg0);

    /// <summary>"3 tickets found."</summary>
    public string PageCount(long count) => _catalogue.Plural(count, "PageCount_One", "PageCount_Other");

    /// <summary>A ticket's stored status (open, resolved, closed) in this language; any other word as stored.</summary>
    public string PageStatus(string status) => Stored("PageStatus_", status);

    /// <summary>The embedded ticket store's statuses, as stored (each has a <c>PageStatus_</c> text).</summary>
    public static IReadOnlyList<string> PageStatuses { get; } = ["open", "resolved", "closed"];

    /// <summary>The status filter's "any status".</summary>
    public string PageFilterAnyStatus => Get(nameof(PageFilterAnyStatus));

    /// <summary>A ticket's stored urgency (high, medium, low) in this language; any other word as stored.</summary>
    public string PageUrgency(string urgency) => Stored("PageUrgency_", urgency);

    // The dashboard (/dashboard).

    public string PageDateFormat => Get(nameof(PageDateFormat));

    public string DashTitle => Get(nameof(DashTitle));

    public string DashTruncated => Get(nameof(DashTruncated));

    public string DashReports => Get(nameof(DashReports));

    public string DashDeflection => Get(nameof(DashDeflection));

    public string DashMedianFix => Get(nameof(DashMedianFix));

    public string DashOpenEscalations => Get(nameof(DashOpenEscalations));

    public string DashMedianTake => Get(nameof(DashMedianTake));

    public string DashMedianResolve => Get(nameof(DashMedianResolve));

    public string DashPerDay => Get(nameof(DashPerDay));

    public string DashPerDayChart => Get(nameof(DashPerDayChart));

    public string DashReported => Get(nameof(DashReported));

    public string DashResolved => Get(nameof(DashResolved));

    public string DashEscalated => Get(nameof(DashEscalated));

    public string DashPerTarget => Get(nameof(DashPerTarget));

    public string DashVerdicts => Get(nameof(DashVerdicts));

    public string DashVerdictsChart => Get(nameof(DashVerdictsChart));

    public string DashOutcomes => Get(nameof(DashOutcomes));

    public string DashShareFixed => Get(nameof(DashShareFixed));

    public string DashResolvedNoTicket => Get(nameof(DashResolvedNoTicket));

    public string DashStillOpen => Get(nameof(DashStillOpen));

    public string DashAbandoned => Get(nameof(DashAbandoned));

    public string DashCancelled => Get(nameof(DashCancelled));

    public string DashWaiting => Get(nameof(DashWaiting));

    public string DashParked => Get(nameof(DashParked));

    public string DashOpenEmbedded => Get(nameof(DashOpenEmbedded));

    public string DashNothing => Get(nameof(DashNothing));

    public string DashNoneYet(string arg0) => Format(nameof(DashNoneYet), arg0);

    public string DashNotTaken(string arg0) => Format(nameof(DashNotTaken), arg0);

    public string DashNotResolved(string arg0) => Format(nameof(DashNotResolved), arg0);

    public string DashSeconds(string arg0) => Format(nameof(DashSeconds), arg0);

    public string DashMinutes(string arg0) => Format(nameof(DashMinutes), arg0);

    public string DashHoursMinutes(string arg0, string arg1) => Format(nameof(DashHoursMinutes), arg0, arg1);

    public string DashDaysHours(string arg0, string arg1) => Format(nameof(DashDaysHours), arg0, arg1);

    /// <summary>{0}: first day; {1}: last day and time; {2}: how many days.</summary>
    public string DashPeriod(string arg0, string arg1, string arg2) => Format(nameof(DashPeriod), arg0, arg1, arg2);

    /// <summary>"4 incidents".</summary>
    public string DashIncidents(long count) => _catalogue.Plural(count, "DashIncidents_One", "DashIncidents_Other");

    private string Stored(string prefix, string value) =>
        _catalogue.All.TryGetValue(prefix + value.ToLowerInvariant(), out var text) ? text : value;
}
