using System.Globalization;
using System.Text;
using System.Security.Claims;
using HelpdeskBot.Admin;
using HelpdeskBot.Pages;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Dashboard;

/// <summary>The /dashboard HTML: figures and inline SVG charts, no script.</summary>
internal static class DashboardPage
{
    private const string Style = """
        .tiles{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:16px}
        .tile{background:#fff;border:1px solid #edebe9;border-radius:8px;padding:12px 16px;min-width:180px;flex:1}
        .tile .n{font-size:30px;font-weight:600}.tile .l{font-size:13px;color:#605e5c}.tile a{color:inherit;text-decoration:none}
        svg a:hover text.label{text-decoration:underline}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(540px,1fr));gap:12px}
        section{background:#fff;border:1px solid #edebe9;border-radius:8px;padding:12px 16px}
        section h2{font-size:15px;margin:0 0 8px;font-weight:600}
        .label,.value,.axis,.empty{font-size:12px;fill:#323130}.axis{fill:#605e5c}.empty{fill:#8a8886}
        .ring{font-size:22px;font-weight:600;fill:#242424}.legend span{display:inline-block;margin-right:14px;font-size:12px}
        .legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
        table{border-collapse:collapse;font-size:13px}td{padding:2px 12px 2px 0}.warn{color:#C50F1F;font-weight:600}
        """;

    /// <param name="user">The signed-in key or role: the navigation and the links to /tickets follow its scopes.</param>
    /// <param name="t">The help desk's language (<c>Tickets:Language</c>): the page's words, numbers and dates.</param>
    public static string Render(DashboardFigures f, ClaimsPrincipal user, DeskTexts t)
    {
        var tickets = user.HasClaim(AdminScopes.ClaimType, AdminScopes.TicketsRead);
        var html = PageLayout.Start(
            t,
            t.DashTitle,
            t.DashPeriod(f.From.ToString(t.PageDateFormat, CultureInfo.InvariantCulture), PageLayout.Time(f.To, t), t.Days(f.PerDay.Count)),
            "dashboard",
            user,
            Style,
            refreshSeconds: 300);
        if (f.Truncated)
        {
            html.Append("<p class=\"warn\">").Append(Enc(t.DashTruncated)).Append("</p>");
        }

        html.Append("<div class=\"tiles\">");
        Tile(html, "reports", t.Number(f.Reports), t.DashReports);
        Tile(html, "deflection", f.DeflectionRate is { } d ? t.Percent(d) : "–", t.DashDeflection);
        Tile(html, "median-fix", f.MedianSecondsToFix is { } s ? Duration(s, t) : "–", t.DashMedianFix);
        Tile(html, "open-escalations", t.Number(f.OpenEscalations.Total), t.DashOpenEscalations, tickets ? "/tickets?open=true" : null);
        html.Append("</div><div class=\"tiles\" id=\"incidents\">");
        var i = f.Incidents;
        Tile(html, "time-to-take", Median(i.TimeToTake, t), Label(t.DashMedianTake, i.TimeToTake, t));
        Tile(html, "time-to-resolve", Median(i.TimeToResolve, t), Label(t.DashMedianResolve, i.TimeToResolve, t));
        Tile(html, "not-taken", t.Number(i.NotTaken), t.DashNotTaken(t.Number(i.Opened)));
        Tile(html, "not-resolved", t.Number(i.NotResolved), t.DashNotResolved(t.Number(i.Opened)));
        html.Append("</div><div class=\"grid\">");

        html.Append("<section id=\"per-day\"><h2>").Append(Enc(t.DashPerDay)).Append("</h2>")
            .Append(SvgCharts.Days(t.DashPerDayChart, f.PerDay, t))
            .Append(CultureInfo.InvariantCulture, $"<div class=\"legend\"><span><i style=\"background:{SvgCharts.Reports}\"></i>{Enc(t.DashReported)}</span><span><i style=\"background:{SvgCharts.Resolved}\"></i>{Enc(t.DashResolved)}</span><span><i style=\"background:{SvgCharts.Escalated}\"></i>{Enc(t.DashEscalated)}</span></div></section>");
        html.Append("<section id=\"targets\"><h2>").Append(Enc(t.DashPerTarget)).Append("</h2>")
            .Append(SvgCharts.HorizontalBars(t.DashPerTarget, f.ReportsPerTarget, SvgCharts.Reports, t, tickets ? TicketsOf : null)).Append("</section>");
        html.Append("<section id=\"verdicts\"><h2>").Append(Enc(t.DashVerdicts)).Append("</h2>")
            .Append(SvgCharts.HorizontalBars(t.DashVerdictsChart, f.Verdicts, "#5C2E91", t, label: v => t.VerdictName(v, DashboardReport.NotDiagnosed))).Append("</section>");
        html.Append("<section id=\"outcomes\"><h2>").Append(Enc(t.DashOutcomes)).Append("</h2><div style=\"display:flex;gap:24px;align-items:center\">")
            .Append(SvgCharts.Ring(t.DashShareFixed, f.DeflectionRate, SvgCharts.Resolved, t))
            .Append("<table>");
        Row(html, t.DashResolvedNoTicket, f.Outcomes.Resolved, t);
        Row(html, t.DashEscalated, f.Outcomes.Escalated, t);
        Row(html, t.DashStillOpen, f.Outcomes.Open, t);
        Row(html, t.DashAbandoned, f.Outcomes.Abandoned, t);
        Row(html, t.DashCancelled, f.Outcomes.Cancelled, t);
        html.Append("</table><table>");
        Row(html, t.DashWaiting, f.OpenEscalations.Pending + f.OpenEscalations.InProgress, t);
        Row(html, t.DashParked, f.OpenEscalations.Parked, t, warn: f.OpenEscalations.Parked > 0);
        Row(html, t.DashOpenEmbedded, f.OpenEscalations.OpenEmbeddedTickets, t);
        html.Append("</table></div></section></div>");
        return PageLayout.End(html);
    }

    /// <summary>The tickets page filtered to one target (the dashboard's row key is the target's host).</summary>
    public static string TicketsOf(string target) => "/tickets?target=" + Uri.EscapeDataString(target);

    private static void Tile(StringBuilder html, string id, string number, string label, string? href = null)
    {
        var body = $"<div class=\"n\">{Enc(number)}</div><div class=\"l\">{Enc(label)}</div>";
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"tile\" id=\"{id}\">{(href is null ? body : $"<a href=\"{Enc(href)}\">{body}</a>")}</div>");
    }

    private static string Median(Durations d, DeskTexts t) => d.MedianSeconds is { } s ? Duration(s, t) : "–";

    /// <summary>"median time to take · p90 25 min · 4 incidents".</summary>
    private static string Label(string what, Durations d, DeskTexts t) =>
        d.P90Seconds is { } p ? $"{what} · p90 {Duration(p, t)} · {t.DashIncidents(d.Count)}" : t.DashNoneYet(what);

    private static void Row(StringBuilder html, string label, int count, DeskTexts t, bool warn = false) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Enc(label)}</td><td{(warn ? " class=\"warn\"" : "")}>{Enc(t.Number(count))}</td></tr>");

    /// <summary>"42 s", "7 min", "2 h 05 min", "3 d 4 h", in the help desk's language.</summary>
    public static string Duration(double seconds, DeskTexts t)
    {
        var span = TimeSpan.FromSeconds(Math.Round(seconds));
        return span.TotalSeconds < 60 ? t.DashSeconds(t.Number((long)span.TotalSeconds))
            : span.TotalMinutes < 60 ? t.DashMinutes(t.Number((long)span.TotalMinutes))
            : span.TotalHours < 24 ? t.DashHoursMinutes(t.Number((long)span.TotalHours), span.Minutes.ToString("00", CultureInfo.InvariantCulture))
            : t.DashDaysHours(t.Number((long)span.TotalDays), t.Number(span.Hours));
    }

    private static string Enc(string s) => PageLayout.Encode(s);
}
