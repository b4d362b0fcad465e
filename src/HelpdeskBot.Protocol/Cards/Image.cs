namespace HelpdeskBot.Protocol.Cards;

/// <summary>An image; sized relatively, never in pixels.</summary>
public sealed record Image(string Url) : CardElement
{
    /// <summary>Required for accessibility whenever the image carries meaning.</summary>
    public string? AltText { get; init; }

    public ImageSize? Size { get; init; }
}
