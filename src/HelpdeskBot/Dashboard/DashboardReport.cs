using System.Text.Json;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Dashboard;

/// <summary>Computes the dashboard's figures from the stores (no figure is kept anywhere else).</summary>
internal sealed class DashboardReport(
    ICaseStore cases,
    IOutboxStore outbox,
    IEmbeddedTicketStore tickets,
    IHelpdeskStore helpdesk,
    TimeProvider time,
    IOptions<DashboardOptions> options)
{
    private const int TopTargets = 10;

    public async Task<DashboardFigures> ComputeAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.Days;
        var to = time.GetUtcNow();
        // Whole UTC days: today so far plus the (days − 1) before it, so the per-day bars are comparable.
        var from = new DateTimeOffset(to.UtcDateTime.Date, TimeSpan.Zero).AddDays(-(days - 1));
        var max = options.Value.MaxCases;
        var updated = await cases.ListUpdatedBetweenAsync(from, to.AddTicks(1), max + 1, cancellationToken).ConfigureAwait(false);
        var truncated = updated.Count > max;
        var window = updated.Take(max).ToList();
        var counts = await outbox.CountByStateAsync(cancellationToken).ConfigureAwait(false);
        var openTickets = await tickets.ListAsync(new EmbeddedTicketQuery(OpenOnly: true, Max: 10_000), cancellationToken).ConfigureAwait(false);
        var incidents = await helpdesk.ListTimesAsync(from, to.AddTicks(1), max + 1, cancellationToken).ConfigureAwait(false);
        truncated |= incidents.Count > max;
        var figures = Compute(window, from, to, days, counts, openTickets.Count, truncated);
        return figures with { Incidents = Times(incidents.Take(max).ToList()) };
    }

    /// <summary>The figures of <paramref name="window"/> (cases updated in [from, to]).</summary>
    public static DashboardFigures Compute(
        IReadOnlyList<CaseRecord> window,
        DateTimeOffset from,
        DateTimeOffset to,
        int days,
        IReadOnlyDictionary<OutboxState, int> outboxCounts,
        int openEmbeddedTickets,
        bool truncated)
    {
        var opened = window.Where(c => c.CreatedAt >= from && c.CreatedAt <= to).ToList();
        var resolved = window.Where(c => c.Status == CaseStatus.Resolved).ToList();
        var escalated = window.Where(c => c.Status == CaseStatus.Escalated).ToList();
        var outcomes = new CaseOutcomes(
            Open: window.Count(c => !IsClosed(c)),
            Resolved: resolved.Count,
            Escalated: escalated.Count,
            Abandoned: window.Count(c => c.Status == CaseStatus.Abandoned),
            Cancelled: window.Count(c => c.Status == CaseStatus.Cancelled));
        double? deflection = resolved.Count + escalated.Count == 0 ? null : resolved.Count / (double)(resolved.Count + escalated.Count);
        var perTarget = opened.GroupBy(c => TargetKey(c.Target))
            .Select(g => new KeyCount(g.Key, g.Count()))
            .OrderByDescending(k => k.Count).ThenBy(k => k.Key, StringComparer.Ordinal)
            .Take(TopTargets).ToList();
        var verdicts = opened.GroupBy(c => VerdictOf(c.StateJson))
            .Select(g => new KeyCount(g.Key, g.Count()))
            .OrderByDescending(k => k.Count).ThenBy(k => k.Key, StringComparer.Ordinal).ToList();
        var perDay = Enumerable.Range(0, days).Select(i =>
        {
            var day = from.AddDays(i);
            var next = day.AddDays(1);
            bool In(DateTimeOffset t) => t >= day && t < next;
            return new DayFigures(
                day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                opened.Count(c => In(c.CreatedAt)),
                resolved.Count(c => In(c.UpdatedAt)),
                escalated.Count(c => In(c.UpdatedAt)));
        }).ToList();
        var open = new OpenEscalations(
            outboxCounts.GetValueOrDefault(OutboxState.Pending),
            outboxCounts.GetValueOrDefault(OutboxState.InProgress),
            outboxCounts.GetValueOrDefault(OutboxState.Parked),
            openEmbeddedTickets);
        return new DashboardFigures(
            from, to, opened.Count, outcomes, deflection, Median(resolved.Select(c => (c.UpdatedAt - c.CreatedAt).TotalSeconds)), perTarget, verdicts, perDay, open, Times([]), truncated);
    }

    /// <summary>Time to take and time to resolve of <paramref name="incidents"/> (those opened in the period).</summary>
    public static IncidentFigures Times(IReadOnlyList<IncidentTimes> incidents) => new(
        incidents.Count,
        NotTaken: incidents.Count(i => i.TakenAt is null && i.ResolvedAt is null),
        NotResolved: incidents.Count(i => i.ResolvedAt is null),
        TimeToTake: DurationsOf(incidents.Where(i => i.TakenAt is not null).Select(i => (i.TakenAt!.Value - i.OpenedAt).TotalSeconds)),
        TimeToResolve: DurationsOf(incidents.Where(i => i.ResolvedAt is not null).Select(i => (i.ResolvedAt!.Value - i.OpenedAt).TotalSeconds)));

    private static Durations DurationsOf(IEnumerable<double> seconds)
    {
        var sorted = seconds.Order().ToList();
        return new Durations(sorted.Count, Median(sorted), sorted.Count == 0 ? null : sorted[(int)Math.Ceiling(0.9 * sorted.Count) - 1]);
    }

    /// <summary>The host of a target as the user typed it (URL, host:port, host), lower case: one row per site.</summary>
    public static string TargetKey(string target)
    {
        var t = target.Trim();
        if (Uri.TryCreate(t.Contains("://", StringComparison.Ordinal) ? t : "https://" + t, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.IdnHost))
        {
            return uri.IdnHost.ToLowerInvariant();
        }

        return t.ToLowerInvariant();
    }

    /// <summary>The verdict of a conversation without a diagnosis, as <c>/api/dashboard</c> names it (the page words it).</summary>
    public const string NotDiagnosed = "not diagnosed";

    /// <summary>
    /// The verdict kind recorded in the conversation's state. The state is the conversation's own JSON; the
    /// dashboard looks for a "verdict" property (a VerdictKind name or number, or an object with "kind"), at the
    /// top or inside "diagnosis", and says "not diagnosed" otherwise.
    /// </summary>
    public static string VerdictOf(string stateJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(stateJson);
            return Find(doc.RootElement, depth: 0) ?? NotDiagnosed;
        }
        catch (JsonException)
        {
            return NotDiagnosed;
        }

        static string? Find(JsonElement element, int depth)
        {
            if (element.ValueKind != JsonValueKind.Object || depth > 3)
            {
                return null;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals("verdict") || property.NameEquals("Verdict"))
                {
                    var value = property.Value;
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        value = value.TryGetProperty("kind", out var k) || value.TryGetProperty("Kind", out k) ? k : default;
                    }

                    return value.ValueKind switch
                    {
                        JsonValueKind.String => value.GetString(),
                        JsonValueKind.Number when value.TryGetInt32(out var n) && Enum.IsDefined((VerdictKind)n) => ((VerdictKind)n).ToString(),
                        _ => null,
                    };
                }
            }

            foreach (var property in element.EnumerateObject())
            {
                if (Find(property.Value, depth + 1) is { } found)
                {
                    return found;
                }
            }

            return null;
        }
    }

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static bool IsClosed(CaseRecord c) => c.Status.IsClosed();
}
