namespace HelpdeskBot.Protocol.Cards;

/// <summary>The Teams-specific <c>msteams</c> object of a card.</summary>
/// <param name="Width">"Full" makes the card use the chat's full width (desktop; mobile is always full).</param>
/// <param name="Entities">
/// Mentions: each <c>&lt;at&gt;Name&lt;/at&gt;</c> in the card's text needs one, and the person is notified
/// (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format#mention-support-within-adaptive-cards).
/// </param>
public sealed record TeamsCardProperties(string? Width = null, IReadOnlyList<CardMention>? Entities = null)
{
    public static TeamsCardProperties FullWidth { get; } = new("Full");
}

/// <summary>One <c>msteams.entities</c> mention: <paramref name="Text"/> is the exact <c>&lt;at&gt;…&lt;/at&gt;</c> text used in the card.</summary>
public sealed record CardMention(string Text, CardMentioned Mentioned)
{
    public string Type => "mention";
}

/// <summary>Who is mentioned: the Teams user id (29:…) or AAD object id, and the name shown.</summary>
public sealed record CardMentioned(string Id, string Name);
