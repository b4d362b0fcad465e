using System.Text;
using System.Text.Encodings.Web;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>Renders a <see cref="TicketDocument"/> as an HTML fragment; every text is HTML-encoded.</summary>
public static class HtmlRenderer
{
    public static string Render(TicketDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var html = new StringBuilder();
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case DocHeading h:
                    var level = Math.Clamp(h.Level, 1, 6);
                    html.Append("<h").Append(level).Append('>').Append(E(h.Text)).Append("</h").Append(level).Append(">\n");
                    break;
                case DocParagraph p:
                    html.Append("<p>");
                    Inlines(html, p.Inlines);
                    html.Append("</p>\n");
                    break;
                case DocList l:
                    html.Append("<ul>\n");
                    foreach (var item in l.Items)
                    {
                        html.Append("<li>");
                        Inlines(html, item);
                        html.Append("</li>\n");
                    }

                    html.Append("</ul>\n");
                    break;
                case DocTable t:
                    html.Append("<table>\n<thead><tr>");
                    foreach (var head in t.Header)
                    {
                        html.Append("<th>").Append(E(head)).Append("</th>");
                    }

                    html.Append("</tr></thead>\n<tbody>\n");
                    foreach (var row in t.Rows)
                    {
                        html.Append("<tr>");
                        foreach (var cell in row)
                        {
                            html.Append("<td>").Append(E(cell)).Append("</td>");
                        }

                        html.Append("</tr>\n");
                    }

                    html.Append("</tbody>\n</table>\n");
                    break;
            }
        }

        return html.ToString();
    }

    private static void Inlines(StringBuilder html, IReadOnlyList<DocInline> inlines)
    {
        foreach (var inline in inlines)
        {
            switch (inline)
            {
                case DocText { Bold: true } t:
                    html.Append("<strong>").Append(E(t.Text)).Append("</strong>");
                    break;
                case DocText { Code: true } t:
                    html.Append("<code>").Append(E(t.Text)).Append("</code>");
                    break;
                case DocText t:
                    html.Append(E(t.Text));
                    break;
                case DocLink l:
                    html.Append("<a href=\"").Append(E(l.Url.AbsoluteUri)).Append("\">").Append(E(l.Text)).Append("</a>");
                    break;
            }
        }
    }

    private static string E(string text) => HtmlEncoder.Default.Encode(text);
}
