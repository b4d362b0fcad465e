using System.Text.Json.Nodes;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>
/// Renders a <see cref="TicketDocument"/> as Atlassian Document Format (doc version 1: heading, paragraph,
/// bulletList/listItem, table/tableRow/tableHeader/tableCell, text with strong/code/link marks), as Jira
/// Cloud REST v3 takes for description and comment bodies.
/// </summary>
internal static class AdfRenderer
{
    public static JsonObject Render(TicketDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var content = new JsonArray();
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case DocHeading h:
                    content.Add(new JsonObject
                    {
                        ["type"] = "heading",
                        ["attrs"] = new JsonObject { ["level"] = Math.Clamp(h.Level, 1, 6) },
                        ["content"] = new JsonArray(Text(h.Text)),
                    });
                    break;
                case DocParagraph p:
                    content.Add(Paragraph(p.Inlines));
                    break;
                case DocList l:
                    var items = new JsonArray();
                    foreach (var item in l.Items)
                    {
                        items.Add(new JsonObject { ["type"] = "listItem", ["content"] = new JsonArray(Paragraph(item)) });
                    }

                    content.Add(new JsonObject { ["type"] = "bulletList", ["content"] = items });
                    break;
                case DocTable t:
                    var rows = new JsonArray { Row("tableHeader", t.Header) };
                    foreach (var row in t.Rows)
                    {
                        rows.Add(Row("tableCell", row));
                    }

                    content.Add(new JsonObject { ["type"] = "table", ["content"] = rows });
                    break;
            }
        }

        return new JsonObject { ["type"] = "doc", ["version"] = 1, ["content"] = content };
    }

    private static JsonObject Row(string cellType, IReadOnlyList<string> cells)
    {
        var row = new JsonArray();
        foreach (var cell in cells)
        {
            row.Add(new JsonObject
            {
                ["type"] = cellType,
                ["content"] = new JsonArray(Paragraph([new DocText(cell)])),
            });
        }

        return new JsonObject { ["type"] = "tableRow", ["content"] = row };
    }

    private static JsonObject Paragraph(IReadOnlyList<DocInline> inlines)
    {
        var content = new JsonArray();
        foreach (var inline in inlines)
        {
            // ADF rejects empty text nodes.
            switch (inline)
            {
                case DocText t when t.Text.Length > 0:
                    content.Add(Text(t.Text, t.Bold ? "strong" : t.Code ? "code" : null));
                    break;
                case DocLink l when l.Text.Length > 0:
                    var node = Text(l.Text);
                    node["marks"] = new JsonArray(new JsonObject { ["type"] = "link", ["attrs"] = new JsonObject { ["href"] = l.Url.AbsoluteUri } });
                    content.Add(node);
                    break;
            }
        }

        return new JsonObject { ["type"] = "paragraph", ["content"] = content };
    }

    private static JsonObject Text(string text, string? mark = null)
    {
        var node = new JsonObject { ["type"] = "text", ["text"] = text };
        if (mark is not null)
        {
            node["marks"] = new JsonArray(new JsonObject { ["type"] = mark });
        }

        return node;
    }
}
