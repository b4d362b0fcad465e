using System.Text.Json;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Protocol.Routing;

/// <summary>The built-in routes, in the order they are tried.</summary>
internal static class BotRoutes
{
    private static readonly Task<InvokeResponse?> NoInvokeResponse = Task.FromResult<InvokeResponse?>(null);

    /// <summary>
    /// message-not-addressed (channel/group message without the bot's mention: ignored), message-submit
    /// (Action.Submit), message, conversationUpdate-membersAdded, conversationUpdate-membersRemoved,
    /// conversationUpdate-event (Teams' channelData.eventType), installationUpdate, invoke-adaptiveCard/action, messageReaction.
    /// </summary>
    public static IReadOnlyList<BotRoute> Default { get; } =
    [
        // In channels and group chats Teams may deliver messages not meant for the bot (RSC); the bot answers
        // only when @mentioned. Card submits carry no mention and still count.
        new("message-not-addressed", a => IsMessage(a) && !HasValue(a) && IsGroupConversation(a) && !MentionText.IsMentioned(a, a.Recipient?.Id), (_, _, _) => NoInvokeResponse),
        new("message-submit", a => IsMessage(a) && HasValue(a), async (h, t, ct) =>
        {
            await h.OnSubmitAsync(t, t.Activity.Value!.Value, ct).ConfigureAwait(false); // HasValue checked by the match
            return null;
        }),
        new("message", IsMessage, async (h, t, ct) =>
        {
            await h.OnMessageAsync(t, ct).ConfigureAwait(false);
            return null;
        }),
        new("conversationUpdate-membersAdded", a => Is(a, ActivityTypes.ConversationUpdate) && a.MembersAdded is { Count: > 0 }, async (h, t, ct) =>
        {
            var members = t.Activity.MembersAdded!; // checked by the match
            await h.OnMembersAddedAsync(t, members, ContainsBot(members, t.Activity), ct).ConfigureAwait(false);
            return null;
        }),
        new("conversationUpdate-membersRemoved", a => Is(a, ActivityTypes.ConversationUpdate) && a.MembersRemoved is { Count: > 0 }, async (h, t, ct) =>
        {
            var members = t.Activity.MembersRemoved!; // checked by the match
            await h.OnMembersRemovedAsync(t, members, ContainsBot(members, t.Activity), ct).ConfigureAwait(false);
            return null;
        }),
        new("conversationUpdate-event", a => Is(a, ActivityTypes.ConversationUpdate) && EventType(a) is not null, async (h, t, ct) =>
        {
            await h.OnConversationEventAsync(t, EventType(t.Activity)!, ct).ConfigureAwait(false); // checked by the match
            return null;
        }),
        new("installationUpdate", a => Is(a, ActivityTypes.InstallationUpdate), async (h, t, ct) =>
        {
            await h.OnInstallationUpdateAsync(t, t.Activity.Action ?? string.Empty, ct).ConfigureAwait(false);
            return null;
        }),
        new("invoke-adaptiveCard/action", a => Is(a, ActivityTypes.Invoke) && string.Equals(a.Name, InvokeNames.AdaptiveCardAction, StringComparison.Ordinal), async (h, t, ct) =>
        {
            CardAction? action;
            try
            {
                action = ReadCardAction(t.Activity.Value);
            }
            catch (JsonException)
            {
                // A wrong-typed field (value.action a string, a verb that is a number) once escaped the turn as an
                // InternalError answer: it is the sender's mistake, told as such.
                return InvokeResponse.Error(400, "BadRequest", "The adaptiveCard/action invoke's value.action is malformed: an object whose type, id, verb and title are strings.");
            }

            if (action is null)
            {
                return InvokeResponse.Error(400, "BadRequest", "The adaptiveCard/action invoke has no value.action.");
            }

            return await h.OnCardActionAsync(t, action, ct).ConfigureAwait(false);
        }),
        new("messageReaction", a => Is(a, ActivityTypes.MessageReaction), async (h, t, ct) =>
        {
            await h.OnReactionAsync(t, ct).ConfigureAwait(false);
            return null;
        }),
    ];

    private static bool Is(Activity a, string type) => string.Equals(a.Type, type, StringComparison.OrdinalIgnoreCase);

    /// <summary>Teams' <c>channelData.eventType</c> (channelDeleted, teamArchived, …) when it is a string.</summary>
    private static string? EventType(Activity a) =>
        a.ChannelData is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("eventType", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString() is { Length: > 0 } name ? name : null
            : null;

    private static bool IsMessage(Activity a) => Is(a, ActivityTypes.Message);

    private static bool HasValue(Activity a) => a.Value is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };

    private static bool IsGroupConversation(Activity a) =>
        a.Conversation is { } c && (c.IsGroup == true
            || string.Equals(c.ConversationType, ConversationTypes.Channel, StringComparison.OrdinalIgnoreCase)
            || string.Equals(c.ConversationType, ConversationTypes.GroupChat, StringComparison.OrdinalIgnoreCase));

    private static bool ContainsBot(List<ChannelAccount> members, Activity activity) =>
        activity.Recipient?.Id is { } botId && members.Exists(m => string.Equals(m.Id, botId, StringComparison.OrdinalIgnoreCase));

    private static CardAction? ReadCardAction(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } v)
        {
            return null;
        }

        var invokeValue = v.Deserialize(ProtocolJsonContext.Default.AdaptiveCardInvokeValue);
        if (invokeValue?.Action is not { } action)
        {
            return null;
        }

        action.Trigger = invokeValue.Trigger;
        return action;
    }
}
