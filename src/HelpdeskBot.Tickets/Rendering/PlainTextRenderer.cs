using System.Text;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>Renders a <see cref="TicketDocument"/> as plain text (ServiceNow's description and work notes are plain text).</summary>
internal static class PlainTextRenderer
{
    public static string Render(TicketDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = new StringBuilder();
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case DocHeading h:
                    text.Append(h.Text.ToUpperInvariant()).Append('\n');
                    break;
                case DocParagraph p:
                    text.Append(Inlines(p.Inlines)).Append("\n\n");
                    break;
                case DocList l:
                    foreach (var item in l.Items)
                    {
                        text.Append("- ").Append(Inlines(item)).Append('\n');
                    }

                    text.Append('\n');
                    break;
                case DocTable t:
                    text.AppendJoin(" | ", t.Header).Append('\n');
                    foreach (var row in t.Rows)
                    {
                        text.AppendJoin(" | ", row).Append('\n');
                    }

                    text.Append('\n');
                    break;
            }
        }

        return text.ToString().TrimEnd() + "\n";
    }

    private static string Inlines(IReadOnlyList<DocInline> inlines)
        => string.Concat(inlines.Select(i => i switch
        {
            DocText t => t.Text,
            DocLink l => $"{l.Text} ({l.Url.AbsoluteUri})",
            _ => string.Empty,
        }));
}
