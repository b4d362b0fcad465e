namespace HelpdeskBot.Protocol.Cards;

/// <summary>One formatted run of a <see cref="RichTextBlock"/> (no Markdown).</summary>
public sealed record TextRun(string Text)
{
    public string Type => "TextRun";

    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public TextColor? Color { get; init; }

    public bool? IsSubtle { get; init; }

    public bool? Italic { get; init; }

    /// <summary>"monospace" for hostnames and codes.</summary>
    public string? FontType { get; init; }
}
