using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Protocol.Routing;

/// <summary>
/// One entry of the ordered route list: a unique name, which activities it takes, and what it calls on the
/// <see cref="IBotHandler"/>. The first matching route handles the activity. Invoke routes return the invoke
/// response; others return null.
/// </summary>
internal sealed record BotRoute(
    string Name,
    Func<Activity, bool> Matches,
    Func<IBotHandler, TurnContext, CancellationToken, Task<InvokeResponse?>> HandleAsync);
