using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Cards;

/// <summary>
/// An Adaptive Card, schema 1.5 (the version Teams needs for <c>Action.Execute</c> and <c>refresh</c>).
/// Serialize with <see cref="CardsJsonContext"/>; nulls are omitted.
/// </summary>
/// <remarks>
/// Cards must read well on mobile and in dark themes: elements carry no fixed pixel widths and text wraps.
/// Never put secrets, raw tokens or user-supplied HTML into a card.
/// </remarks>
public sealed record AdaptiveCard
{
    /// <summary>MIME type of an Adaptive Card attachment in an activity.</summary>
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>The schema version this model targets.</summary>
    public const string SchemaVersion = "1.5";

    [JsonPropertyOrder(-2)]
    public string Type => "AdaptiveCard";

    [JsonPropertyOrder(-1)]
    public string Version { get; init; } = SchemaVersion;

    public IReadOnlyList<CardElement> Body { get; init; } = [];

    public IReadOnlyList<CardAction>? Actions { get; init; }

    /// <summary>Universal Actions auto-refresh (must hold an <see cref="ActionExecute"/>).</summary>
    public CardRefresh? Refresh { get; init; }

    /// <summary>Shown by clients that cannot render the card.</summary>
    public string? FallbackText { get; init; }

    /// <summary>Spoken text for accessibility clients.</summary>
    public string? Speak { get; init; }

    /// <summary>Teams-only extension (not in the 1.5 schema; strip before validating).</summary>
    [JsonPropertyName("msteams")]
    public TeamsCardProperties? MsTeams { get; init; }
}
