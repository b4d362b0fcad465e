using System.Text.Json.Serialization;

namespace HelpdeskBot.Dashboard;

/// <summary>What /dashboard shows and /api/dashboard returns.</summary>
/// <param name="Reports">Cases opened in the period.</param>
/// <param name="DeflectionRate">Resolved ÷ (resolved + escalated) among cases that ended in the period: fixed without a ticket. Null when none ended.</param>
/// <param name="MedianSecondsToFix">Median of (last update − opening) over cases resolved in the period. Null when none.</param>
/// <param name="Incidents">The help desk's time to take and time to resolve over the incidents opened in the period.</param>
/// <param name="Truncated">True when more cases exist than Dashboard:MaxCases; the figures cover the newest ones.</param>
internal sealed record DashboardFigures(
    DateTimeOffset From,
    DateTimeOffset To,
    int Reports,
    CaseOutcomes Outcomes,
    double? DeflectionRate,
    double? MedianSecondsToFix,
    IReadOnlyList<KeyCount> ReportsPerTarget,
    IReadOnlyList<KeyCount> Verdicts,
    IReadOnlyList<DayFigures> PerDay,
    OpenEscalations OpenEscalations,
    IncidentFigures Incidents,
    bool Truncated);

/// <summary>Cases updated in the period, by their current status.</summary>
internal sealed record CaseOutcomes(int Open, int Resolved, int Escalated, int Abandoned, int Cancelled);

internal sealed record KeyCount(string Key, int Count);

/// <param name="Date">UTC day, yyyy-MM-dd.</param>
internal sealed record DayFigures(string Date, int Reports, int Resolved, int Escalated);

/// <summary>Escalations not finished: waiting in the outbox, parked for an admin, or open tickets of the embedded provider.</summary>
internal sealed record OpenEscalations(int Pending, int InProgress, int Parked, int OpenEmbeddedTickets)
{
    public int Total => Pending + InProgress + Parked + OpenEmbeddedTickets;
}

/// <summary>Incidents opened in the period (incidents.opened_at, taken_at, resolved_at).</summary>
/// <param name="Opened">Incidents opened in the period (at most Dashboard:MaxCases of them, the newest).</param>
/// <param name="NotTaken">Of those, neither taken nor resolved yet: nobody has picked them up.</param>
/// <param name="NotResolved">Of those, not resolved yet (taken or not).</param>
/// <param name="TimeToTake">Taken − opened, over the incidents taken.</param>
/// <param name="TimeToResolve">Resolved − opened, over the incidents resolved.</param>
internal sealed record IncidentFigures(int Opened, int NotTaken, int NotResolved, Durations TimeToTake, Durations TimeToResolve);

/// <param name="Count">How many durations the figures are over.</param>
/// <param name="MedianSeconds">The median (the mean of the two middle values for an even count); null when none.</param>
/// <param name="P90Seconds">The 90th percentile, nearest rank (the smallest value at least 90 % of them do not exceed); null when none.</param>
internal sealed record Durations(int Count, double? MedianSeconds, double? P90Seconds);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DashboardFigures))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
