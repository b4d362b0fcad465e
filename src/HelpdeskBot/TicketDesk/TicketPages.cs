using System.Globalization;
using System.Security.Claims;
using System.Text;
using HelpdeskBot.Admin;
using HelpdeskBot.Pages;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.TicketDesk;

/// <summary>
/// The agents' ticket pages, server-rendered in the shared <see cref="PageLayout"/>: the list with its filters, and one
/// ticket with its incident, its description and comments as HTML (the stored Markdown read back and rendered by
/// <see cref="HtmlRenderer"/>, which encodes every text). No script. In the help desk's language (<see cref="DeskTexts"/>);
/// the ticket's own text was written in it when the ticket was made.
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

    public static string List(IReadOnlyList<EmbeddedTicket> tickets, TicketFilter filter, ClaimsPrincipal user, DeskTexts t)
    {
        var html = PageLayout.Start(t, t.PageNavTickets, null, filter.IsEmpty ? "tickets" : filter == TicketFilter.Open ? "open-tickets" : null, user, Style);
        html.Append("<form class=\"filter\" method=\"get\" action=\"/tickets\">");
        Field(html, t.CardTarget, "target", filter.Target, "wiki.contoso.com");
        StatusField(html, filter.Status, t);
        Field(html, t.PageFilterReporter, "reporter", filter.Reporter, "29:…");
        html.Append("<label><span><input type=\"checkbox\" name=\"open\" value=\"true\"").Append(filter.OnlyOpen ? " checked" : string.Empty)
            .Append("> ").Append(Enc(t.PageFilterOpenOnly)).Append("</span></label><button type=\"submit\">").Append(Enc(t.PageFilterApply))
            .Append("</button> <a href=\"/tickets\">").Append(Enc(t.PageFilterClear)).Append("</a></form>");
        html.Append("<p id=\"count\">").Append(Enc(t.PageCount(tickets.Count)));
        if (!filter.IsEmpty)
        {
            html.Append(' ').Append(Enc(t.PageFilteredBy(filter.Describe(t))));
        }

        html.Append("</p><table class=\"list\"><thead><tr>");
        foreach (var column in new[] { t.PageColNumber, t.PageColTitle, t.PageFilterStatus, t.PageColUrgency, t.PageColTeam, t.PageColReporter, t.PageColUpdated })
        {
            html.Append("<th>").Append(Enc(column)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var ticket in tickets)
        {
            html.Append("<tr><td><a href=\"/tickets/").Append(Enc(Uri.EscapeDataString(ticket.Number))).Append("\">").Append(Enc(ticket.Number)).Append("</a></td><td>")
                .Append(Enc(ticket.Title)).Append("</td><td><span class=\"status\">").Append(Enc(t.PageStatus(ticket.Status))).Append("</span></td><td>").Append(Enc(t.PageUrgency(ticket.Urgency))).Append("</td><td>")
                .Append(Enc(ticket.AssignedTeam ?? "-")).Append("</td><td>").Append(Enc(ticket.ReporterName)).Append("</td><td>").Append(Time(ticket.UpdatedAt, t)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        return PageLayout.End(html);
    }

    /// <param name="incident">The incident the ticket was made for (led by its correlation id), if the store has it.</param>
    /// <param name="done">The action just taken from this page, if any.</param>
    public static string Detail(EmbeddedTicket ticket, Incident? incident, ClaimsPrincipal user, DeskTexts t, TicketActionDone? done = null)
    {
        var html = PageLayout.Start(t, $"{ticket.Number}: {ticket.Title}", null, null, user, Style);
        if (done is not null)
        {
            Outcome(html, ticket, done, t);
        }

        html.Append("<section id=\"ticket\"><table class=\"fields\"><tbody>");
        Row(html, t.PageFilterStatus, t.PageStatus(ticket.Status));
        Row(html, t.PageColUrgency, t.PageUrgency(ticket.Urgency));
        Row(html, t.PageFieldCategory, ticket.Category ?? "-");
        Row(html, t.PageColTeam, ticket.AssignedTeam ?? "-");
        Row(html, t.PageColReporter, ticket.ReporterName);
        Row(html, t.CardTarget, ReportTarget.Shown(ticket.Target, t.TargetEverySite));
        Row(html, t.PageFieldCreated, Time(ticket.CreatedAt, t));
        Row(html, t.PageColUpdated, Time(ticket.UpdatedAt, t));
        Row(html, t.TicketCorrelationId, ticket.CorrelationId);
        html.Append("</tbody></table></section>");
        if (incident is not null)
        {
            html.Append("<section id=\"incident\"><h2>").Append(Enc(t.PageIncident)).Append("</h2><table class=\"fields\"><tbody>");
            Row(html, t.PageIncidentState, incident.Closed ? t.PageIncidentClosed : t.PageIncidentOpen);
            Row(html, t.CardAffected, $"{t.Number(incident.AffectedUsers)}: {string.Join(", ", incident.ReporterNames)}");
            Row(html, t.CardFirstReport, Time(incident.OpenedAt, t));
            Row(html, t.CardLastReport, Time(incident.LastReportAt, t));
            html.Append("</tbody></table>");
            if (user.HasClaim(AdminScopes.ClaimType, AdminScopes.TicketsAdmin))
            {
                Actions(html, ticket, t);
            }

            html.Append("</section>");
        }

        html.Append("<section id=\"description\"><h2>").Append(Enc(t.PageDescription)).Append("</h2><div class=\"doc\">").Append(HtmlRenderer.Render(MarkdownReader.Read(ticket.DescriptionMarkdown))).Append("</div></section>");
        html.Append("<section id=\"comments\"><h2>").Append(Enc(t.PageComments(t.Number(ticket.Comments.Count)))).Append("</h2>");
        foreach (var c in ticket.Comments)
        {
            html.Append("<div class=\"comment\"><h3>").Append(Enc(c.Author)).Append(", ").Append(Time(c.At, t)).Append("</h3><div class=\"doc\">")
                .Append(HtmlRenderer.Render(MarkdownReader.Read(c.Body))).Append("</div></div>");
        }

        html.Append("</section>");
        return PageLayout.End(html);
    }

    /// <summary>The incident card's buttons as forms posting back to the bot (no script).</summary>
    private static void Actions(StringBuilder html, EmbeddedTicket ticket, DeskTexts t)
    {
        html.Append("<div id=\"actions\" class=\"actions\">");
        foreach (var (verb, label) in TicketActions.All)
        {
            html.Append("<form method=\"post\" action=\"").Append(ActionUrl(ticket, verb)).Append("\">");
            if (verb == "note")
            {
                html.Append("<textarea name=\"note\" rows=\"2\" cols=\"50\" required maxlength=\"").Append(TicketActions.MaxNoteLength.ToString(CultureInfo.InvariantCulture))
                    .Append("\" placeholder=\"").Append(Enc(t.CardNotePlaceholder)).Append("\"></textarea>");
            }

            html.Append("<button type=\"submit\">").Append(Enc(label(t))).Append("</button></form>");
        }

        html.Append("</div>");
    }

    private static void Outcome(StringBuilder html, EmbeddedTicket ticket, TicketActionDone done, DeskTexts t)
    {
        var (css, text) = done.Result.Outcome switch
        {
            IncidentActionOutcome.Done => ("done", done.Result.Detail ?? t.PageActionDone(Label(done.Verb, t))),
            IncidentActionOutcome.Unchanged => ("unchanged", done.Result.Detail ?? t.PageActionUnchanged),
            IncidentActionOutcome.StillFailing => ("failing", t.CardStillFailing),
            _ => ("failing", t.PageIncidentGone),
        };
        html.Append("<div id=\"outcome\" role=\"status\" class=\"banner ").Append(css).Append("\"><p>").Append(Enc(text)).Append("</p>");
        if (done.Result.Outcome == IncidentActionOutcome.StillFailing)
        {
            if (done.Result.Detail is { Length: > 0 } evidence)
            {
                html.Append("<p>").Append(Enc(evidence)).Append("</p>");
            }

            html.Append("<form method=\"post\" action=\"").Append(ActionUrl(ticket, "resolve")).Append("\"><input type=\"hidden\" name=\"force\" value=\"true\">")
                .Append("<button type=\"submit\">").Append(Enc(t.PageResolveAnyway)).Append("</button></form>");
        }

        html.Append("</div>");
    }

    private static string Label(string verb, DeskTexts t) => TicketActions.All.First(a => a.Verb == verb).Label(t);

    private static string ActionUrl(EmbeddedTicket t, string verb) => Enc($"/tickets/{Uri.EscapeDataString(t.Number)}/{verb}");

    /// <summary>
    /// The status filter as a choice in the help desk's words, its values the stored statuses: nothing to type, so nothing
    /// to type in English. A status outside the catalogue's (set through the API) is offered as stored while it is filtered.
    /// </summary>
    private static void StatusField(StringBuilder html, string? current, DeskTexts t)
    {
        html.Append("<label>").Append(Enc(t.PageFilterStatus)).Append("<select name=\"status\"><option value=\"\">").Append(Enc(t.PageFilterAnyStatus)).Append("</option>");
        var statuses = current is null || DeskTexts.PageStatuses.Contains(current, StringComparer.OrdinalIgnoreCase) ? DeskTexts.PageStatuses : [.. DeskTexts.PageStatuses, current];
        foreach (var status in statuses)
        {
            var selected = string.Equals(status, current, StringComparison.OrdinalIgnoreCase) ? " selected" : string.Empty;
            html.Append("<option value=\"").Append(Enc(status)).Append('"').Append(selected).Append('>').Append(Enc(t.PageStatus(status))).Append("</option>");
        }

        html.Append("</select></label>");
    }

    private static void Field(StringBuilder html, string label, string name, string? value, string placeholder)
        => html.Append("<label>").Append(Enc(label)).Append("<input name=\"").Append(name).Append("\" value=\"").Append(Enc(value ?? string.Empty))
            .Append("\" placeholder=\"").Append(Enc(placeholder)).Append("\"></label>");

    private static void Row(StringBuilder html, string name, string value)
        => html.Append("<tr><th>").Append(Enc(name)).Append("</th><td>").Append(Enc(value)).Append("</td></tr>");

    private static string Time(DateTimeOffset at, DeskTexts t) => PageLayout.Time(at, t);

    private static string Enc(string text) => PageLayout.Encode(text);
}

/// <summary>The list's filters, as the query string carries them (the dashboard links to <c>?target=</c>).</summary>
internal sealed record TicketFilter(string? Reporter, bool OnlyOpen, string? Status, string? Target)
{
    /// <summary>The navigation's "Open tickets".</summary>
    public static readonly TicketFilter Open = new(null, true, null, null);

    /// <summary>
    /// A status as typed in the filter: the help desk's word for a stored status ("gelöst") is that status ("resolved");
    /// anything else (a stored status itself) as typed.
    /// </summary>
    public static string StatusOf(string typed, DeskTexts t) =>
        DeskTexts.PageStatuses.FirstOrDefault(s => string.Equals(t.PageStatus(s), typed, StringComparison.OrdinalIgnoreCase)) ?? typed;

    public bool IsEmpty => !OnlyOpen && Reporter is null && Status is null && Target is null;

    /// <summary>"Target: wiki.contoso.com, open only", in the help desk's language.</summary>
    public string Describe(DeskTexts t) => string.Join(", ", new[]
    {
        Target is null ? null : t.Label(t.CardTarget) + Target,
        Status is null ? null : t.Label(t.PageFilterStatus) + t.PageStatus(Status),
        Reporter is null ? null : t.Label(t.PageFilterReporter) + Reporter,
        OnlyOpen ? t.PageFilterOpenOnly : null,
    }.OfType<string>());
}
