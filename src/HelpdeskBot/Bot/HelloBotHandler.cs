using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Routing;

namespace HelpdeskBot.Bot;

/// <summary>
/// Placeholder handler so the protocol layer can be exercised end to end before the help-desk conversation is
/// registered: answers any message with a greeting card whose Action.Execute button returns a refreshed card.
/// Registered only when no other <see cref="IBotHandler"/> is.
/// </summary>
internal sealed class HelloBotHandler : IBotHandler
{
    public const string Verb = "hello.again";

    public async Task OnMessageAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var text = turn.Text.Length == 0 ? "Hello!" : "Hello! You said: " + turn.Text;
        await turn.SendAsync(Activity.CreateCardMessage(Card(text, clicks: 0)), cancellationToken).ConfigureAwait(false);
    }

    public Task<InvokeResponse> OnCardActionAsync(TurnContext turn, CardAction action, CancellationToken cancellationToken)
    {
        if (!string.Equals(action.Verb, Verb, StringComparison.Ordinal))
        {
            return Task.FromResult(InvokeResponse.Error(400, "UnknownVerb", "This card action is not known."));
        }

        var clicks = action.Data is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("clicks", out var c) && c.TryGetInt32(out var n) ? n + 1 : 1;
        return Task.FromResult(InvokeResponse.Card(Card($"Card refreshed ({clicks}×).", clicks)));
    }

    public async Task OnMembersAddedAsync(TurnContext turn, IReadOnlyList<ChannelAccount> membersAdded, bool botAdded, CancellationToken cancellationToken)
    {
        if (botAdded)
        {
            await turn.SendAsync(Activity.CreateCardMessage(Card("Hello! I'm HelpdeskBot. Say hello.", clicks: 0)), cancellationToken).ConfigureAwait(false);
        }
    }

    private static JsonElement Card(string text, int clicks)
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true }),
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Action.Execute",
                ["title"] = "Say hello again",
                ["verb"] = Verb,
                ["data"] = new JsonObject { ["clicks"] = clicks },
            }),
        };
        return JsonSerializer.SerializeToElement(card, ProtocolJsonContext.Default.JsonObject);
    }
}
