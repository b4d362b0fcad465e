using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Cards;

/// <summary>An action (button); serialized with its <c>type</c> discriminator.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ActionExecute), "Action.Execute")]
[JsonDerivedType(typeof(ActionSubmit), "Action.Submit")]
[JsonDerivedType(typeof(ActionOpenUrl), "Action.OpenUrl")]
[JsonDerivedType(typeof(ActionToggleVisibility), "Action.ToggleVisibility")]
public abstract record CardAction
{
    public string? Title { get; init; }

    public string? Id { get; init; }

    public ActionStyle? Style { get; init; }

    public string? Tooltip { get; init; }

    /// <summary>Used by clients that do not support this action type (e.g. Action.Submit for Action.Execute).</summary>
    public CardAction? Fallback { get; init; }
}
