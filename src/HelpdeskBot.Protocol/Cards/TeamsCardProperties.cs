namespace HelpdeskBot.Protocol.Cards;

/// <summary>The Teams-specific <c>msteams</c> object of a card.</summary>
/// <param name="Width">"Full" makes the card use the chat's full width (desktop; mobile is always full).</param>
public sealed record TeamsCardProperties(string? Width = null)
{
    public static TeamsCardProperties FullWidth { get; } = new("Full");
}
