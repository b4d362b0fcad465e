namespace HelpdeskBot.Protocol.Cards;

/// <summary>Groups elements; with an <see cref="CardElement.Id"/> and IsVisible=false it is a collapsible section.</summary>
public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public ContainerStyle? Style { get; init; }

    public bool? Bleed { get; init; }
}
