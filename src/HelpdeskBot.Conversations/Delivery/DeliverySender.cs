using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.Protocol;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Connector;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.Delivery;

/// <summary>What one delivery sends, once rendered (a live card) or read from its row (a message).</summary>
/// <param name="Source">The live card's source (told about a new activity), or null for a message.</param>
internal sealed record PreparedDelivery(ConversationReference Conversation, Activity Activity, string? ExistingActivityId, bool StartsThread, ILiveCardSource? Source);

/// <summary>
/// Makes the connector calls of one delivery with one attempt each (the dispatcher owns retries): updates a card
/// in place, or sends it anew when it cannot be updated any more, posts a message, or starts a channel thread.
/// </summary>
internal sealed class DeliverySender(
    [FromKeyedServices(ProtocolHttpClients.ConnectorSingleAttempt)] IConnectorClient connector,
    ITrustedServiceUrls trusted,
    ILogger<DeliverySender> logger)
{
    /// <returns>The new activity when one was created (null when a card was updated in place).</returns>
    public async Task<SentCard?> SendAsync(DeliveryEntry entry, PreparedDelivery delivery, CancellationToken cancellationToken)
    {
        var conversation = delivery.Conversation;
        // Stored references come from authenticated activities only; after a restart the process has not seen
        // their service URLs yet, and the token must still be attached.
        trusted.Trust(conversation.ServiceUrl);
        var activity = delivery.Activity;
        activity.Type ??= ActivityTypes.Message;
        activity.From ??= conversation.BotId is null ? null : new ChannelAccount { Id = conversation.BotId, Name = conversation.BotName };
        if (delivery.ExistingActivityId is { } existing)
        {
            activity.Conversation ??= Account(conversation);
            activity.Id = existing;
            try
            {
                await connector.UpdateActivityAsync(conversation.ServiceUrl, conversation.ConversationId, existing, activity, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (ConnectorException e) when (CannotUpdate(e.StatusCode))
            {
                Log.DeliveryCardResent(logger, entry.Kind, entry.SubjectId, existing, (int)e.StatusCode);
                activity.Id = null;
            }
        }

        if (delivery.StartsThread)
        {
            // A new thread in a Teams channel: POST /v3/conversations with isGroup and the channel's id.
            activity.Conversation = null;
            var created = await connector.CreateConversationAsync(conversation.ServiceUrl, new ConversationParameters
            {
                IsGroup = true,
                Bot = activity.From,
                TenantId = conversation.TenantId,
                Activity = activity,
                ChannelData = ChannelData(conversation),
            }, cancellationToken).ConfigureAwait(false);
            return new SentCard(
                created.Id ?? throw new ConnectorException("The connector created a thread without an id."),
                created.ActivityId ?? created.Id);
        }

        activity.Conversation ??= Account(conversation);
        var sent = await connector.SendToConversationAsync(conversation.ServiceUrl, conversation.ConversationId, activity, cancellationToken).ConfigureAwait(false);
        return new SentCard(conversation.ConversationId, sent.Id ?? string.Empty);
    }

    /// <summary>
    /// The card's activity is gone or refuses updates (deleted, conversation changed, too old): a new one shows the
    /// latest state. Throttling, timeouts and server errors are not that; they are retried.
    /// </summary>
    private static bool CannotUpdate(HttpStatusCode status) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed
            or HttpStatusCode.Conflict or HttpStatusCode.Gone;

    private static ConversationAccount Account(ConversationReference c) => new() { Id = c.ConversationId, ConversationType = c.ConversationType, TenantId = c.TenantId };

    private static JsonElement ChannelData(ConversationReference c) => JsonSerializer.SerializeToElement(
        new JsonObject
        {
            ["channel"] = new JsonObject { ["id"] = c.ConversationId },
            ["tenant"] = new JsonObject { ["id"] = c.TenantId },
        },
        ProtocolJsonContext.Default.JsonObject);
}
