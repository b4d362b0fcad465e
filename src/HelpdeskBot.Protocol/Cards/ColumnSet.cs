namespace HelpdeskBot.Protocol.Cards;

/// <summary>Side-by-side columns; widths are auto/stretch only so the layout reflows on phones.</summary>
public sealed record ColumnSet(IReadOnlyList<Column> Columns) : CardElement
{
    public ContainerStyle? Style { get; init; }
}
