namespace HelpdeskBot.Tickets.Rendering;

/// <summary>
/// A neutral document: the ticket body is built once from the escalation and rendered to each provider's
/// native format (HTML, Markdown, plain text, Atlassian Document Format). Text is raw; renderers escape.
/// </summary>
public sealed record TicketDocument(IReadOnlyList<DocBlock> Blocks);

public abstract record DocBlock;

public sealed record DocHeading(int Level, string Text) : DocBlock;

public sealed record DocParagraph(IReadOnlyList<DocInline> Inlines) : DocBlock
{
    public DocParagraph(params DocInline[] inlines)
        : this((IReadOnlyList<DocInline>)inlines)
    {
    }
}

public sealed record DocList(IReadOnlyList<IReadOnlyList<DocInline>> Items) : DocBlock;

public sealed record DocTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : DocBlock;

public abstract record DocInline;

public sealed record DocText(string Text, bool Bold = false, bool Code = false) : DocInline;

public sealed record DocLink(string Text, Uri Url) : DocInline;
