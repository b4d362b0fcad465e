using System.Text.Json.Serialization;

namespace HelpdeskBot.Dashboard;

/// <summary>What /dashboard shows and /api/dashboard returns.</summary>
/// <param name="Reports">Cases opened in the period.</param>
/// <param name="DeflectionRate">Resolved ÷ (resolved + escalated) among cases that ended in the period: fixed without a ticket. Null when none ended.</param>
/// <param name="MedianSecondsToFix">Median of (last update − opening) over cases resolved in the period. Null when none.</param>
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

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DashboardFigures))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
