using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelpdeskBot.Protocol.Activities;

/// <summary>
/// What <c>/api/messages</c> answers to an invoke: HTTP <see cref="Status"/> and, for <c>adaptiveCard/action</c>,
/// a <see cref="AdaptiveCardInvokeResponse"/> body (Universal Actions response).
/// </summary>
public sealed record InvokeResponse(int Status, AdaptiveCardInvokeResponse? Body)
{
    /// <summary>200 with a card that replaces the clicked one.</summary>
    public static InvokeResponse Card(JsonElement card) =>
        new(200, new AdaptiveCardInvokeResponse { StatusCode = 200, Type = AdaptiveCardInvokeResponse.CardType, Value = card });

    /// <summary>200 with a message the client shows to the user instead of changing the card.</summary>
    public static InvokeResponse Message(string message) =>
        new(200, new AdaptiveCardInvokeResponse
        {
            StatusCode = 200,
            Type = AdaptiveCardInvokeResponse.MessageType,
            Value = JsonSerializer.SerializeToElement(message, ProtocolJsonContext.Default.String),
        });

    /// <summary>An error shown by the client (HTTP 200, statusCode 400/500 as Universal Actions expect).</summary>
    public static InvokeResponse Error(int statusCode, string code, string message) =>
        new(200, new AdaptiveCardInvokeResponse
        {
            StatusCode = statusCode,
            Type = AdaptiveCardInvokeResponse.ErrorType,
            Value = JsonSerializer.SerializeToElement(new ErrorDetail { Code = code, Message = message }, ProtocolJsonContext.Default.ErrorDetail),
        });

    /// <summary>No handler for this invoke: 501, as the Bot Framework SDK answers.</summary>
    public static InvokeResponse NotImplemented { get; } = new(501, null);
}

/// <summary>Universal Actions response body <c>{statusCode, type, value}</c>.</summary>
public sealed class AdaptiveCardInvokeResponse
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";

    public int StatusCode { get; set; }

    public string? Type { get; set; }

    public JsonElement? Value { get; set; }
}

/// <summary>
/// The clicked Action.Execute of an <c>adaptiveCard/action</c> invoke: <c>value.action</c> plus <c>value.trigger</c>.
/// </summary>
public sealed class CardAction
{
    /// <summary><c>Action.Execute</c> (or <c>Action.Submit</c> when sent through the invoke path).</summary>
    public string? Type { get; set; }

    public string? Id { get; set; }

    public string? Verb { get; set; }

    public string? Title { get; set; }

    /// <summary>The action's <c>data</c> merged with the card's inputs, raw.</summary>
    public JsonElement? Data { get; set; }

    /// <summary><c>manual</c> (click) or <c>automatic</c> (refresh).</summary>
    [JsonIgnore]
    public string? Trigger { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The <c>value</c> of an <c>adaptiveCard/action</c> invoke.</summary>
public sealed class AdaptiveCardInvokeValue
{
    public CardAction? Action { get; set; }

    public string? Trigger { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
