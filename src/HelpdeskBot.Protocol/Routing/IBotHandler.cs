using System.Text.Json;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Protocol.Routing;

/// <summary>
/// The application's side of a turn. The protocol layer authenticates, parses and routes each activity, then
/// calls one of these. Every method has a default that does nothing (invokes: 501), so a handler implements only
/// what it needs and new members can be added without breaking it.
/// Register one implementation as a singleton <c>IBotHandler</c>.
/// </summary>
public interface IBotHandler
{
    /// <summary>
    /// A text message. In channels and group chats only when the bot is @mentioned; <see cref="TurnContext.Text"/>
    /// has the bot's mention stripped and the HTML read into plain text and links.
    /// </summary>
    Task OnMessageAsync(TurnContext turn, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A message with a <c>value</c>: an Action.Submit (or Action.Execute fallback) from a card, with its data and
    /// inputs in <paramref name="value"/>. By default handled as a message.
    /// </summary>
    Task OnSubmitAsync(TurnContext turn, JsonElement value, CancellationToken cancellationToken) => OnMessageAsync(turn, cancellationToken);

    /// <summary>
    /// An Action.Execute click or refresh (<c>adaptiveCard/action</c> invoke). Answer within a few seconds (Teams
    /// gives up after ~10–15 s) with a card that replaces the clicked one, or a message; move slow work to
    /// <see cref="TurnContext.RunInBackground"/> and update the card later.
    /// </summary>
    Task<InvokeResponse> OnCardActionAsync(TurnContext turn, CardAction action, CancellationToken cancellationToken) =>
        Task.FromResult(InvokeResponse.NotImplemented);

    /// <summary>
    /// conversationUpdate with <c>membersAdded</c>. When the bot itself is among them it was installed or added to
    /// a team/chat (<paramref name="botAdded"/>): the place for a welcome card.
    /// </summary>
    Task OnMembersAddedAsync(TurnContext turn, IReadOnlyList<ChannelAccount> membersAdded, bool botAdded, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>conversationUpdate with <c>membersRemoved</c>.</summary>
    Task OnMembersRemovedAsync(TurnContext turn, IReadOnlyList<ChannelAccount> membersRemoved, bool botRemoved, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>
    /// conversationUpdate with Teams' <c>channelData.eventType</c> and no members added or removed: <c>channelDeleted</c>,
    /// <c>channelRenamed</c>, <c>channelCreated</c>, <c>teamDeleted</c>, <c>teamArchived</c>, … (the channel and team
    /// are in <c>channelData.channel</c> / <c>channelData.team</c>). Ignored by default.
    /// </summary>
    Task OnConversationEventAsync(TurnContext turn, string eventType, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>installationUpdate: <paramref name="action"/> is <c>add</c>, <c>remove</c> (or <c>add-upgrade</c>/<c>remove-upgrade</c>).</summary>
    Task OnInstallationUpdateAsync(TurnContext turn, string action, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>messageReaction (like, heart, …). Ignored by default.</summary>
    Task OnReactionAsync(TurnContext turn, CancellationToken cancellationToken) => Task.CompletedTask;
}
