using System.Text;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>Renders a <see cref="TicketDocument"/> as CommonMark/GFM (tables); text is escaped.</summary>
internal static class MarkdownRenderer
{
    public static string Render(TicketDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var md = new StringBuilder();
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case DocHeading h:
                    md.Append('#', Math.Clamp(h.Level, 1, 6)).Append(' ').Append(Escape(h.Text)).Append("\n\n");
                    break;
                case DocParagraph p:
                    md.Append(Inlines(p.Inlines)).Append("\n\n");
                    break;
                case DocList l:
                    foreach (var item in l.Items)
                    {
                        md.Append("- ").Append(Inlines(item)).Append('\n');
                    }

                    md.Append('\n');
                    break;
                case DocTable t:
                    md.Append("| ").AppendJoin(" | ", t.Header.Select(Cell)).Append(" |\n");
                    md.Append('|').AppendJoin('|', t.Header.Select(_ => " --- ")).Append("|\n");
                    foreach (var row in t.Rows)
                    {
                        md.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
                    }

                    md.Append('\n');
                    break;
            }
        }

        return md.ToString().TrimEnd() + "\n";
    }

    private static string Inlines(IReadOnlyList<DocInline> inlines)
    {
        var md = new StringBuilder();
        foreach (var inline in inlines)
        {
            switch (inline)
            {
                case DocText { Bold: true } t:
                    // Keep a trailing space outside the emphasis so "**Target:** x" renders as bold.
                    var trimmed = t.Text.TrimEnd();
                    md.Append("**").Append(Escape(trimmed)).Append("**").Append(t.Text[trimmed.Length..]);
                    break;
                case DocText { Code: true } t:
                    md.Append('`').Append(t.Text.Replace("`", "'", StringComparison.Ordinal)).Append('`');
                    break;
                case DocText t:
                    md.Append(Escape(t.Text));
                    break;
                case DocLink l:
                    md.Append('[').Append(Escape(l.Text)).Append("](").Append(l.Url.AbsoluteUri.Replace(")", "%29", StringComparison.Ordinal)).Append(')');
                    break;
            }
        }

        return md.ToString();
    }

    private static string Cell(string text) => Escape(text).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>Backslash-escapes the characters CommonMark gives meaning to inline, and neutralises raw HTML.</summary>
    internal static string Escape(string text)
    {
        var md = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|' or '!')
            {
                md.Append('\\');
            }

            md.Append(c is '\r' or '\n' ? ' ' : c);
        }

        return md.ToString();
    }
}
