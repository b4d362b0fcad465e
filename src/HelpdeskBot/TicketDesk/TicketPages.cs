using System.Globalization;
using System.Security.Claims;
using System.Text;
using HelpdeskBot.Admin;
using HelpdeskBot.Pages;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.TicketDesk;

/// <summary>
/// The agents' ticket pages, server-rendered in the shared <see cref="PageLayout"/>: the list with its filters, and one
/// ticket with its incident, its description and comments as HTML (the stored Markdown read back and rendered by
/// <see cref="HtmlRenderer"/>, which encodes every text). No script.
/// </summary>
internal static class TicketPages
{
    private const string Style = """
        table.list,table.fields{border-collapse:collapse;width:100%;background:#fff}
        table.list th,table.list td,table.fields th,table.fields td{border:1px solid #edebe9;padding:.35rem .6rem;text-align:left;vertical-align:top;font-size:14px}
        table.fields th{width:11rem;background:#faf9f8;font-weight:600}
        form.filter{display:flex;flex-wrap:wrap;gap:10px;align-items:end;margin:0 0 14px;font-size:14px}
        form.filter label{display:flex;flex-direction:column;gap:2px}form.filter input,form.filter select{font:inherit;padding:3px 6px}
        section{background:#fff;border:1px solid #edebe9;border-radius:8px;padding:12px 16px;margin:0 0 14px}
        section h2{font-size:16px;margin:0 0 8px;font-weight:600}
        .doc table{border-collapse:collapse;margin:6px 0}.doc th,.doc td{border:1px solid #edebe9;padding:2px 8px;text-align:left;font-size:13px}
        .doc h2{font-size:15px}.doc h3{font-size:14px}.doc code{background:#f3f2f1;padding:0 3px}
        .comment{border-top:1px solid #edebe9;padding-top:6px;margin-top:10px}.comment h3{font-size:14px;margin:0;color:#605e5c}
        .status{display:inline-block;padding:1px 8px;border-radius:10px;background:#edebe9;font-size:13px}
        .actions{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin-top:10px}.actions form{margin:0}
        button{font:inherit;padding:4px 12px;border:1px solid #0F6CBD;border-radius:4px;background:#fff;color:#0F6CBD;cursor:pointer}
        .banner{border-radius:8px;padding:8px 14px;margin:0 0 14px;border:1px solid}.banner p{margin:4px 0}
        .banner.done{background:#f1faf1;border-color:#107C10}.banner.unchanged{background:#f3f2f1;border-color:#8a8886}.banner.failing{background:#fdf3f4;border-color:#C50F1F}
        """;

    public static string List(IReadOnlyList<EmbeddedTicket> tickets, TicketFilter filter, ClaimsPrincipal user)
    {
        var html = PageLayout.Start("Tickets", null, filter.IsEmpty ? "tickets" : filter == TicketFilter.Open ? "open-tickets" : null, user, Style);
        html.Append("<form class=\"filter\" method=\"get\" action=\"/tickets\">");
        Field(html, "Target", "target", filter.Target, "wiki.contoso.com");
        Field(html, "Status", "status", filter.Status, "open, resolved…");
        Field(html, "Reporter id", "reporter", filter.Reporter, "29:…");
        html.Append("<label><span><input type=\"checkbox\" name=\"open\" value=\"true\"").Append(filter.OnlyOpen ? " checked" : string.Empty)
            .Append("> open only</span></label><button type=\"submit\">Filter</button> <a href=\"/tickets\">Clear</a></form>");
        html.Append("<p id=\"count\">").Append(tickets.Count.ToString(CultureInfo.InvariantCulture)).Append(tickets.Count == 1 ? " ticket" : " tickets")
            .Append(filter.IsEmpty ? string.Empty : " matching " + Enc(filter.Describe())).Append(".</p>");
        html.Append("<table class=\"list\"><thead><tr><th>Number</th><th>Title</th><th>Status</th><th>Urgency</th><th>Team</th><th>Reporter</th><th>Updated</th></tr></thead><tbody>");
        foreach (var t in tickets)
        {
            html.Append("<tr><td><a href=\"/tickets/").Append(Enc(Uri.EscapeDataString(t.Number))).Append("\">").Append(Enc(t.Number)).Append("</a></td><td>")
                .Append(Enc(t.Title)).Append("</td><td><span class=\"status\">").Append(Enc(t.Status)).Append("</span></td><td>").Append(Enc(t.Urgency)).Append("</td><td>")
                .Append(Enc(t.AssignedTeam ?? "-")).Append("</td><td>").Append(Enc(t.ReporterName)).Append("</td><td>").Append(Time(t.UpdatedAt)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        return PageLayout.End(html);
    }

    /// <param name="incident">The incident the ticket was made for (led by its correlation id), if the store has it.</param>
    /// <param name="done">The action just taken from this page, if any.</param>
    public static string Detail(EmbeddedTicket t, Incident? incident, ClaimsPrincipal user, TicketActionDone? done = null)
    {
        var html = PageLayout.Start($"{t.Number}: {t.Title}", null, null, user, Style);
        if (done is not null)
        {
            Outcome(html, t, done);
        }

        html.Append("<section id=\"ticket\"><table class=\"fields\"><tbody>");
        Row(html, "Status", t.Status);
        Row(html, "Urgency", t.Urgency);
        Row(html, "Category", t.Category ?? "-");
        Row(html, "Team", t.AssignedTeam ?? "-");
        Row(html, "Reporter", t.ReporterName);
        Row(html, "Target", t.Target);
        Row(html, "Created", Time(t.CreatedAt));
        Row(html, "Updated", Time(t.UpdatedAt));
        Row(html, "Correlation id", t.CorrelationId);
        html.Append("</tbody></table></section>");
        if (incident is not null)
        {
            html.Append("<section id=\"incident\"><h2>Incident</h2><table class=\"fields\"><tbody>");
            Row(html, "State", incident.Closed ? "closed" : "open");
            Row(html, "Affected users", $"{incident.AffectedUsers}: {string.Join(", ", incident.ReporterNames)}");
            Row(html, "First report", Time(incident.OpenedAt));
            Row(html, "Last report", Time(incident.LastReportAt));
            html.Append("</tbody></table>");
            if (user.HasClaim(AdminScopes.ClaimType, AdminScopes.TicketsAdmin))
            {
                Actions(html, t);
            }

            html.Append("</section>");
        }

        html.Append("<section id=\"description\"><h2>Description</h2><div class=\"doc\">").Append(HtmlRenderer.Render(MarkdownReader.Read(t.DescriptionMarkdown))).Append("</div></section>");
        html.Append("<section id=\"comments\"><h2>Comments (").Append(t.Comments.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>");
        foreach (var c in t.Comments)
        {
            html.Append("<div class=\"comment\"><h3>").Append(Enc(c.Author)).Append(", ").Append(Time(c.At)).Append("</h3><div class=\"doc\">")
                .Append(HtmlRenderer.Render(MarkdownReader.Read(c.Body))).Append("</div></div>");
        }

        html.Append("</section>");
        return PageLayout.End(html);
    }

    /// <summary>The incident card's buttons as forms posting back to the bot (no script).</summary>
    private static void Actions(StringBuilder html, EmbeddedTicket t)
    {
        html.Append("<div id=\"actions\" class=\"actions\">");
        foreach (var (verb, label) in TicketActions.All)
        {
            html.Append("<form method=\"post\" action=\"").Append(ActionUrl(t, verb)).Append("\">");
            if (verb == "note")
            {
                html.Append("<textarea name=\"note\" rows=\"2\" cols=\"50\" required maxlength=\"").Append(TicketActions.MaxNoteLength.ToString(CultureInfo.InvariantCulture))
                    .Append("\" placeholder=\"A note for the ticket\"></textarea>");
            }

            html.Append("<button type=\"submit\">").Append(Enc(label)).Append("</button></form>");
        }

        html.Append("</div>");
    }

    private static void Outcome(StringBuilder html, EmbeddedTicket t, TicketActionDone done)
    {
        var (css, text) = done.Result.Outcome switch
        {
            IncidentActionOutcome.Done => ("done", done.Result.Detail ?? $"Done: {Label(done.Verb)}."),
            IncidentActionOutcome.Unchanged => ("unchanged", done.Result.Detail ?? "Nothing changed: the incident is already that way."),
            IncidentActionOutcome.StillFailing => ("failing", "Still failing from our servers — resolve anyway?"),
            _ => ("failing", "The incident no longer exists."),
        };
        html.Append("<div id=\"outcome\" role=\"status\" class=\"banner ").Append(css).Append("\"><p>").Append(Enc(text)).Append("</p>");
        if (done.Result.Outcome == IncidentActionOutcome.StillFailing)
        {
            if (done.Result.Detail is { Length: > 0 } evidence)
            {
                html.Append("<p>").Append(Enc(evidence)).Append("</p>");
            }

            html.Append("<form method=\"post\" action=\"").Append(ActionUrl(t, "resolve")).Append("\"><input type=\"hidden\" name=\"force\" value=\"true\">")
                .Append("<button type=\"submit\">Resolve anyway</button></form>");
        }

        html.Append("</div>");
    }

    private static string Label(string verb) => TicketActions.All.First(a => a.Verb == verb).Label;

    private static string ActionUrl(EmbeddedTicket t, string verb) => Enc($"/tickets/{Uri.EscapeDataString(t.Number)}/{verb}");

    private static void Field(StringBuilder html, string label, string name, string? value, string placeholder)
        => html.Append("<label>").Append(Enc(label)).Append("<input name=\"").Append(name).Append("\" value=\"").Append(Enc(value ?? string.Empty))
            .Append("\" placeholder=\"").Append(Enc(placeholder)).Append("\"></label>");

    private static void Row(StringBuilder html, string name, string value)
        => html.Append("<tr><th>").Append(Enc(name)).Append("</th><td>").Append(Enc(value)).Append("</td></tr>");

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Enc(string text) => PageLayout.Encode(text);
}

/// <summary>The list's filters, as the query string carries them (the dashboard links to <c>?target=</c>).</summary>
internal sealed record TicketFilter(string? Reporter, bool OnlyOpen, string? Status, string? Target)
{
    /// <summary>The navigation's "Open tickets".</summary>
    public static readonly TicketFilter Open = new(null, true, null, null);

    public bool IsEmpty => !OnlyOpen && Reporter is null && Status is null && Target is null;

    public string Describe() => string.Join(", ", new[]
    {
        Target is null ? null : $"target \"{Target}\"",
        Status is null ? null : $"status \"{Status}\"",
        Reporter is null ? null : $"reporter \"{Reporter}\"",
        OnlyOpen ? "open only" : null,
    }.OfType<string>());
}
