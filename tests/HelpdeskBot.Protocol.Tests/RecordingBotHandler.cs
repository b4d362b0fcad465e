using System.Collections.Concurrent;
using System.Text.Json;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Routing;

namespace HelpdeskBot.Protocol.Tests;

/// <summary>Records which handler method each turn reached; answers card actions with a card and replies to messages.</summary>
internal sealed class RecordingBotHandler : IBotHandler
{
    public ConcurrentQueue<(string Method, TurnContext Turn)> Calls { get; } = new();

    public bool ReplyToMessages { get; set; }

    /// <summary>When set, every handler method throws it.</summary>
    public Exception? Throw { get; set; }

    public Func<TurnContext, Task>? OnMessage { get; set; }

    public async Task OnMessageAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("message", turn));
        if (Throw is not null)
        {
            throw Throw;
        }

        if (OnMessage is not null)
        {
            await OnMessage(turn);
        }

        if (ReplyToMessages)
        {
            await turn.SendTextAsync("echo: " + turn.Text.Plain, cancellationToken);
        }
    }

    public Task OnSubmitAsync(TurnContext turn, JsonElement value, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("submit", turn));
        return Task.CompletedTask;
    }

    public Task<InvokeResponse> OnCardActionAsync(TurnContext turn, CardAction action, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("cardAction", turn));
        if (Throw is not null)
        {
            throw Throw;
        }

        return Task.FromResult(InvokeResponse.Card(JsonDocument.Parse($$"""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"verb {{action.Verb}}"}]}""").RootElement.Clone()));
    }

    public Task OnMembersAddedAsync(TurnContext turn, IReadOnlyList<ChannelAccount> membersAdded, bool botAdded, CancellationToken cancellationToken)
    {
        Calls.Enqueue((botAdded ? "membersAdded:bot" : "membersAdded", turn));
        return Task.CompletedTask;
    }

    public Task OnInstallationUpdateAsync(TurnContext turn, string action, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("installationUpdate:" + action, turn));
        return Task.CompletedTask;
    }

    public Task OnReactionAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("reaction", turn));
        return Task.CompletedTask;
    }
}
