namespace HelpdeskBot.Protocol.Cards;

/// <summary>A column of a <see cref="ColumnSet"/>.</summary>
public sealed record Column(IReadOnlyList<CardElement> Items)
{
    public string Type => "Column";

    public ColumnWidth? Width { get; init; }

    public string? Id { get; init; }

    public ContainerStyle? Style { get; init; }

    public Spacing? Spacing { get; init; }

    public bool? Separator { get; init; }

    public static Column Auto(params CardElement[] items) => new(items) { Width = ColumnWidth.Auto };

    public static Column Stretch(params CardElement[] items) => new(items) { Width = ColumnWidth.Stretch };
}
