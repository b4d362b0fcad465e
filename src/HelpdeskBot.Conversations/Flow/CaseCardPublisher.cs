using System.Text.Json;
using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Protocol.Connector;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>Puts a case's current card in front of the user outside a turn: update in place, else a new message.</summary>
internal sealed class CaseCardPublisher(IConnectorClient connector, CaseCards cards, ILogger<CaseCardPublisher> logger)
{
    public static Activity Message(AdaptiveCard card) => Activity.CreateCardMessage(CardsJsonContext.ToElement(card));

    /// <returns>The activity id now showing the card (a new one when the update failed).</returns>
    public async Task<string?> PublishAsync(CaseRecord record, CaseState state, CancellationToken ct)
    {
        var activity = Message(cards.Render(record, state));
        var channel = state.Channel;
        activity.Conversation = new ConversationAccount { Id = channel.ConversationId, ConversationType = channel.ConversationType, TenantId = channel.TenantId };
        activity.From = channel.BotId is null ? null : new ChannelAccount { Id = channel.BotId, Name = channel.BotName };
        if (state.CardActivityId is { } id)
        {
            try
            {
                activity.Id = id;
                await connector.UpdateActivityAsync(channel.ServiceUrl, channel.ConversationId, id, activity, ct).ConfigureAwait(false);
                return id;
            }
            catch (Exception ex) when (ex is ConnectorException or HttpRequestException)
            {
                Log.CardUpdateFailed(logger, ex, record.CaseId, id);
                activity.Id = null;
            }
        }

        var sent = await connector.SendToConversationAsync(channel.ServiceUrl, channel.ConversationId, activity, ct).ConfigureAwait(false);
        return sent.Id;
    }

    public static JsonElement Element(AdaptiveCard card) => CardsJsonContext.ToElement(card);
}
