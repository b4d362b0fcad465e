namespace HelpdeskBot.Protocol.Cards;

/// <summary>A paragraph of text. Plain text or the small Markdown subset Adaptive Cards support.</summary>
public sealed record TextBlock(string Text) : CardElement
{
    /// <summary>True by default: long URLs and sentences must wrap on phones.</summary>
    public bool Wrap { get; init; } = true;

    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public TextColor? Color { get; init; }

    public bool? IsSubtle { get; init; }

    public int? MaxLines { get; init; }

    /// <summary>"heading" marks a heading for screen readers (1.5).</summary>
    public string? Style { get; init; }
}
