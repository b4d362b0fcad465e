using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>
/// Reads Markdown (as <see cref="MarkdownRenderer"/> writes it: the embedded tickets' stored description and
/// comments) back into a <see cref="TicketDocument"/>, so <see cref="HtmlRenderer"/> shows it. Markdig parses; only
/// the document model's blocks and inlines come out, so raw HTML stays text (the renderer encodes every text) and a
/// link keeps its target only when it is an absolute http(s) URL.
/// </summary>
public static class MarkdownReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public static TicketDocument Read(string markdown)
    {
        var blocks = new List<DocBlock>();
        foreach (var block in Markdown.Parse(markdown ?? string.Empty, Pipeline))
        {
            Add(block, blocks);
        }

        return new TicketDocument(blocks);
    }

    private static void Add(Block block, List<DocBlock> blocks)
    {
        switch (block)
        {
            case HeadingBlock heading:
                blocks.Add(new DocHeading(heading.Level, Text(heading.Inline)));
                break;
            case ParagraphBlock paragraph:
                blocks.Add(new DocParagraph(Inlines(paragraph.Inline)));
                break;
            case ListBlock list:
                blocks.Add(new DocList(list.OfType<ListItemBlock>().Select(item => (IReadOnlyList<DocInline>)item.OfType<ParagraphBlock>().SelectMany(p => Inlines(p.Inline)).ToList()).ToList()));
                break;
            case Table table:
                var rows = table.OfType<TableRow>().Select(row => (IReadOnlyList<string>)row.OfType<TableCell>().Select(CellText).ToList()).ToList();
                var header = table.OfType<TableRow>().FirstOrDefault()?.IsHeader == true && rows.Count > 0 ? rows[0] : [];
                blocks.Add(new DocTable(header, header.Count > 0 ? rows.Skip(1).ToList() : rows));
                break;
            case LeafBlock leaf:
                // Code and HTML blocks, thematic breaks: their text, shown as text.
                if (leaf.Lines.ToString() is { Length: > 0 } text)
                {
                    blocks.Add(new DocParagraph(new DocText(text, Code: leaf is CodeBlock)));
                }

                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    Add(child, blocks);
                }

                break;
        }
    }

    private static string CellText(TableCell cell)
        => string.Join(" ", cell.OfType<ParagraphBlock>().Select(p => Text(p.Inline)));

    private static List<DocInline> Inlines(ContainerInline? container)
    {
        var inlines = new List<DocInline>();
        for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    inlines.Add(new DocText(literal.Content.ToString()));
                    break;
                case CodeInline code:
                    inlines.Add(new DocText(code.Content, Code: true));
                    break;
                case EmphasisInline { DelimiterCount: 2 } strong:
                    inlines.Add(new DocText(Text(strong), Bold: true));
                    break;
                case LinkInline link:
                    var text = Text(link);
                    inlines.Add(!link.IsImage && Uri.TryCreate(link.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
                        ? new DocLink(text.Length > 0 ? text : url.AbsoluteUri, url)
                        : new DocText(text));
                    break;
                case AutolinkInline autolink:
                    inlines.Add(Uri.TryCreate(autolink.Url, UriKind.Absolute, out var auto) && (auto.Scheme == Uri.UriSchemeHttps || auto.Scheme == Uri.UriSchemeHttp)
                        ? new DocLink(autolink.Url, auto)
                        : new DocText(autolink.Url));
                    break;
                case ContainerInline other:
                    inlines.AddRange(Inlines(other));
                    break;
                default:
                    inlines.Add(new DocText(Text(inline)));
                    break;
            }
        }

        return inlines;
    }

    /// <summary>The plain text of an inline and its children (line breaks as spaces, raw HTML as its source).</summary>
    private static string Text(Inline? inline)
    {
        var text = new StringBuilder();
        Append(inline, text);
        return text.ToString();

        static void Append(Inline? inline, StringBuilder text)
        {
            switch (inline)
            {
                case null:
                    break;
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case HtmlInline html:
                    text.Append(html.Tag);
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
                case ContainerInline container:
                    for (var child = container.FirstChild; child is not null; child = child.NextSibling)
                    {
                        Append(child, text);
                    }

                    break;
            }
        }
    }
}
