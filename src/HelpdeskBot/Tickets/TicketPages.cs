using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using HelpdeskBot.Tickets.Embedded;

namespace HelpdeskBot.Tickets;

/// <summary>Read-only, server-rendered pages for agents. Everything shown is HTML-encoded; no script.</summary>
internal static class TicketPages
{
    private const string Style = "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}"
        + "th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}";

    public static string List(IReadOnlyList<EmbeddedTicket> tickets, bool openOnly)
    {
        var html = Start("Tickets");
        html.Append("<h1>Tickets</h1><p>").Append(tickets.Count.ToString(CultureInfo.InvariantCulture)).Append(openOnly ? " open" : string.Empty)
            .Append(" ticket(s). <a href=\"?open=true\">Open only</a> · <a href=\"?\">All</a></p>");
        html.Append("<table><thead><tr><th>Number</th><th>Title</th><th>Status</th><th>Urgency</th><th>Team</th><th>Reporter</th><th>Updated</th></tr></thead><tbody>");
        foreach (var t in tickets)
        {
            html.Append("<tr><td><a href=\"/tickets/").Append(E(Uri.EscapeDataString(t.Number))).Append("\">").Append(E(t.Number)).Append("</a></td><td>")
                .Append(E(t.Title)).Append("</td><td>").Append(E(t.Status)).Append("</td><td>").Append(E(t.Urgency)).Append("</td><td>")
                .Append(E(t.AssignedTeam ?? "-")).Append("</td><td>").Append(E(t.ReporterName)).Append("</td><td>").Append(Time(t.UpdatedAt)).Append("</td></tr>");
        }

        return html.Append("</tbody></table></body></html>").ToString();
    }

    public static string Detail(EmbeddedTicket t)
    {
        var html = Start(t.Number);
        html.Append("<p><a href=\"/tickets\">All tickets</a></p><h1>").Append(E(t.Number)).Append(": ").Append(E(t.Title)).Append("</h1>");
        html.Append("<table><tbody>");
        Row(html, "Status", t.Status);
        Row(html, "Urgency", t.Urgency);
        Row(html, "Category", t.Category ?? "-");
        Row(html, "Team", t.AssignedTeam ?? "-");
        Row(html, "Reporter", t.ReporterName);
        Row(html, "Target", t.Target);
        Row(html, "Created", Time(t.CreatedAt));
        Row(html, "Updated", Time(t.UpdatedAt));
        Row(html, "Correlation id", t.CorrelationId);
        html.Append("</tbody></table><h2>Description</h2><pre>").Append(E(t.DescriptionMarkdown)).Append("</pre>");
        html.Append("<h2>Comments (").Append(t.Comments.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>");
        foreach (var c in t.Comments)
        {
            html.Append("<h3>").Append(E(c.Author)).Append(", ").Append(Time(c.At)).Append("</h3><pre>").Append(E(c.Body)).Append("</pre>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static StringBuilder Start(string title)
        => new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>")
            .Append(E(title)).Append(" · HelpdeskBot</title><style>").Append(Style).Append("</style></head><body>");

    private static void Row(StringBuilder html, string name, string value)
        => html.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>");

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string E(string text) => HtmlEncoder.Default.Encode(text);
}
