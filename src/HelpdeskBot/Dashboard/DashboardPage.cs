using System.Globalization;
using System.Text;
using System.Security.Claims;
using HelpdeskBot.Admin;
using HelpdeskBot.Pages;

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
    public static string Render(DashboardFigures f, ClaimsPrincipal user)
    {
        var tickets = user.HasClaim(AdminScopes.ClaimType, AdminScopes.TicketsRead);
        var html = PageLayout.Start(
            "help desk dashboard",
            $"{f.From:yyyy-MM-dd} to {f.To:yyyy-MM-dd HH:mm} UTC · {f.PerDay.Count} days · refreshed every 5 minutes · figures also at /api/dashboard",
            "dashboard",
            user,
            Style,
            refreshSeconds: 300);
        if (f.Truncated)
        {
            html.Append("<p class=\"warn\">More cases than Dashboard:MaxCases in this period: the figures cover the most recently updated ones.</p>");
        }

        html.Append("<div class=\"tiles\">");
        Tile(html, "reports", f.Reports.ToString(CultureInfo.InvariantCulture), "problems reported");
        Tile(html, "deflection", f.DeflectionRate is { } d ? d.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal) : "–", "fixed without a ticket");
        Tile(html, "median-fix", f.MedianSecondsToFix is { } s ? Duration(s) : "–", "median time to fix");
        Tile(html, "open-escalations", f.OpenEscalations.Total.ToString(CultureInfo.InvariantCulture), "open escalations", tickets ? "/tickets?open=true" : null);
        html.Append("</div><div class=\"tiles\" id=\"incidents\">");
        var i = f.Incidents;
        Tile(html, "time-to-take", Median(i.TimeToTake), Label("median time to take", i.TimeToTake));
        Tile(html, "time-to-resolve", Median(i.TimeToResolve), Label("median time to resolve", i.TimeToResolve));
        Tile(html, "not-taken", i.NotTaken.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"of {i.Opened} incidents not taken yet"));
        Tile(html, "not-resolved", i.NotResolved.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"of {i.Opened} incidents not resolved yet"));
        html.Append("</div><div class=\"grid\">");

        html.Append("<section id=\"per-day\"><h2>Reports per day</h2>")
            .Append(SvgCharts.Days("Reports, resolved and escalated per day", f.PerDay))
            .Append(CultureInfo.InvariantCulture, $"<div class=\"legend\"><span><i style=\"background:{SvgCharts.Reports}\"></i>reported</span><span><i style=\"background:{SvgCharts.Resolved}\"></i>resolved</span><span><i style=\"background:{SvgCharts.Escalated}\"></i>escalated</span></div></section>");
        html.Append("<section id=\"targets\"><h2>Reports per target</h2>")
            .Append(SvgCharts.HorizontalBars("Reports per target", f.ReportsPerTarget, SvgCharts.Reports, tickets ? TicketsOf : null)).Append("</section>");
        html.Append("<section id=\"verdicts\"><h2>Verdicts</h2>")
            .Append(SvgCharts.HorizontalBars("Verdicts of the probes", f.Verdicts, "#5C2E91")).Append("</section>");
        html.Append("<section id=\"outcomes\"><h2>Outcomes</h2><div style=\"display:flex;gap:24px;align-items:center\">")
            .Append(SvgCharts.Ring("Share fixed without a ticket", f.DeflectionRate, SvgCharts.Resolved))
            .Append("<table>");
        Row(html, "resolved (no ticket)", f.Outcomes.Resolved);
        Row(html, "escalated", f.Outcomes.Escalated);
        Row(html, "still open", f.Outcomes.Open);
        Row(html, "abandoned", f.Outcomes.Abandoned);
        Row(html, "cancelled", f.Outcomes.Cancelled);
        html.Append("</table><table>");
        Row(html, "waiting to be filed", f.OpenEscalations.Pending + f.OpenEscalations.InProgress);
        Row(html, "parked (needs an admin)", f.OpenEscalations.Parked, warn: f.OpenEscalations.Parked > 0);
        Row(html, "open embedded tickets", f.OpenEscalations.OpenEmbeddedTickets);
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

    private static string Median(Durations d) => d.MedianSeconds is { } s ? Duration(s) : "–";

    /// <summary>"median time to take · p90 25 min · 4 incidents".</summary>
    private static string Label(string what, Durations d) =>
        d.P90Seconds is { } p ? string.Create(CultureInfo.InvariantCulture, $"{what} · p90 {Duration(p)} · {d.Count} incidents") : what + " · none yet";

    private static void Row(StringBuilder html, string label, int count, bool warn = false) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Enc(label)}</td><td{(warn ? " class=\"warn\"" : "")}>{count}</td></tr>");

    /// <summary>"42 s", "7 min", "2 h 05 min", "3 d 4 h".</summary>
    public static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalSeconds < 60 ? $"{(int)t.TotalSeconds} s"
            : t.TotalMinutes < 60 ? $"{(int)t.TotalMinutes} min"
            : t.TotalHours < 24 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} h {t.Minutes:00} min")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalDays} d {t.Hours} h");
    }

    private static string Enc(string s) => PageLayout.Encode(s);
}
