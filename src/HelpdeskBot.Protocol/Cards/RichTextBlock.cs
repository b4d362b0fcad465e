namespace HelpdeskBot.Protocol.Cards;

/// <summary>A paragraph made of differently formatted runs.</summary>
public sealed record RichTextBlock(IReadOnlyList<TextRun> Inlines) : CardElement;
