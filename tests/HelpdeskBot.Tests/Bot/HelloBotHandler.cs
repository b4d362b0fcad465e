using System.Globalization;
using System.Text.Json;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Protocol.Routing;
using CardAction = HelpdeskBot.Protocol.Activities.CardAction;

namespace HelpdeskBot.Tests.Bot;

/// <summary>
/// A minimal handler that exercises the protocol layer end to end without the help-desk conversation: answers any
/// message with a greeting card whose Action.Execute button returns a refreshed card (Action.Submit fallback: a new
/// card). Test-only: the executable always registers the troubleshooting conversation.
/// </summary>
internal sealed class HelloBotHandler : IBotHandler
{
    public const string Verb = "hello.again";
    private const string ClicksKey = "clicks";

    public async Task OnMessageAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var text = turn.Text.Plain.Length == 0 ? "Hello!" : "Hello! You said: " + turn.Text.Plain;
        await turn.SendAsync(Activity.CreateCardMessage(Card(text, clicks: 0)), cancellationToken).ConfigureAwait(false);
    }

    public async Task OnSubmitAsync(TurnContext turn, JsonElement value, CancellationToken cancellationToken)
    {
        // Action.Submit fallback of the button (clients without Universal Actions): answer with a new card.
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(ActionExecute.VerbDataKey, out var verb) && verb.ValueEquals(Verb))
        {
            var clicks = Clicks(value) + 1;
            await turn.SendAsync(Activity.CreateCardMessage(Card(Refreshed(clicks), clicks)), cancellationToken).ConfigureAwait(false);
            return;
        }

        await OnMessageAsync(turn, cancellationToken).ConfigureAwait(false);
    }

    public Task<InvokeResponse> OnCardActionAsync(TurnContext turn, CardAction action, CancellationToken cancellationToken)
    {
        if (!string.Equals(action.Verb, Verb, StringComparison.Ordinal))
        {
            return Task.FromResult(InvokeResponse.Error(400, "UnknownVerb", "This card action is not known."));
        }

        var clicks = (action.Data is { } data ? Clicks(data) : 0) + 1;
        return Task.FromResult(InvokeResponse.Card(Card(Refreshed(clicks), clicks)));
    }

    public async Task OnMembersAddedAsync(TurnContext turn, IReadOnlyList<ChannelAccount> membersAdded, bool botAdded, CancellationToken cancellationToken)
    {
        if (botAdded)
        {
            await turn.SendAsync(Activity.CreateCardMessage(Card("Hello! I'm HelpdeskBot. Say hello.", clicks: 0)), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Refreshed(int clicks) => string.Create(CultureInfo.InvariantCulture, $"Card refreshed ({clicks}×).");

    /// <summary>The click counter from the action data (a string, as card data values are; a number is accepted too).</summary>
    private static int Clicks(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(ClicksKey, out var c)
            ? c.ValueKind switch
            {
                JsonValueKind.String when int.TryParse(c.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
                JsonValueKind.Number when c.TryGetInt32(out var n) => n,
                _ => 0,
            }
            : 0;

    private static JsonElement Card(string text, int clicks) => CardsJsonContext.ToElement(new AdaptiveCard
    {
        Body = [new TextBlock(text)],
        Actions =
        [
            ActionExecute.WithSubmitFallback(Verb, "Say hello again", new Dictionary<string, string>
            {
                [ClicksKey] = clicks.ToString(CultureInfo.InvariantCulture),
            }),
        ],
    });
}
