using System.Net;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Connector;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.Delivery;

/// <summary>
/// STAND-IN until the durable delivery queue is merged: sends in this process, coalescing and debouncing live cards
/// per card and sending each message key once per process. It is not durable (a restart forgets pending cards and
/// sent keys) and does not pace; the real queue replaces this registration.
/// </summary>
internal sealed class DirectDeliveryQueue(IEnumerable<ILiveCardSource> sources, IConnectorClient connector, TimeProvider time, ILogger<DirectDeliveryQueue> logger) : IDeliveryQueue
{
    private readonly Dictionary<LiveCard, Pending> _pending = [];
    private readonly HashSet<string> _sentKeys = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task EnqueueCardAsync(LiveCard card, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue(card, out var pending))
            {
                pending.Dirty = true;
                return Task.CompletedTask;
            }

            _pending[card] = new Pending();
        }

        _ = Task.Run(() => DeliverAsync(card, notBefore), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task EnqueueMessageAsync(string key, ConversationReference conversation, Activity activity, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_sentKeys.Add(key))
            {
                return;
            }
        }

        activity.Conversation ??= new ConversationAccount { Id = conversation.ConversationId, ConversationType = conversation.ConversationType, TenantId = conversation.TenantId };
        await connector.SendToConversationAsync(conversation.ServiceUrl, conversation.ConversationId, activity, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeliverAsync(LiveCard card, DateTimeOffset? notBefore)
    {
        try
        {
            while (true)
            {
                if (notBefore is { } at && at > time.GetUtcNow())
                {
                    await Task.Delay(at - time.GetUtcNow(), time).ConfigureAwait(false);
                }

                lock (_gate)
                {
                    _pending[card].Dirty = false;
                }

                await SendAsync(card).ConfigureAwait(false);
                lock (_gate)
                {
                    if (!_pending[card].Dirty)
                    {
                        _pending.Remove(card);
                        return;
                    }
                }
            }
        }
        catch (Exception ex)
        {
            Log.DeliveryFailed(logger, ex, card.Kind, card.SubjectId);
            lock (_gate)
            {
                _pending.Remove(card);
            }
        }
    }

    private async Task SendAsync(LiveCard card)
    {
        var source = sources.FirstOrDefault(s => s.Kind == card.Kind) ?? throw new InvalidOperationException($"No live card source of kind {card.Kind}.");
        if (await source.RenderAsync(card.SubjectId, CancellationToken.None).ConfigureAwait(false) is not { } content)
        {
            return;
        }

        var c = content.Conversation;
        if (content.ExistingActivityId is { } existing)
        {
            try
            {
                content.Activity.Id = existing;
                await connector.UpdateActivityAsync(c.ServiceUrl, c.ConversationId, existing, content.Activity, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (ConnectorException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                content.Activity.Id = null;
            }
        }

        SentCard sent;
        if (content.StartsThread)
        {
            var created = await connector.CreateConversationAsync(c.ServiceUrl, new ConversationParameters
            {
                IsGroup = true,
                Bot = c.BotId is null ? null : new ChannelAccount { Id = c.BotId, Name = c.BotName },
                TenantId = c.TenantId,
                Activity = content.Activity,
                ChannelData = System.Text.Json.JsonSerializer.SerializeToElement(
                    new TeamsChannelData { Channel = new ChannelInfo { Id = c.ConversationId }, Tenant = new TenantInfo { Id = c.TenantId } },
                    ProtocolJsonContext.Default.TeamsChannelData),
            }, CancellationToken.None).ConfigureAwait(false);
            var thread = created.Id ?? throw new InvalidOperationException("Creating the thread returned no conversation id.");
            sent = new SentCard(thread, created.ActivityId ?? thread[(thread.IndexOf("messageid=", StringComparison.Ordinal) + "messageid=".Length)..]);
        }
        else
        {
            var response = await connector.SendToConversationAsync(c.ServiceUrl, c.ConversationId, content.Activity, CancellationToken.None).ConfigureAwait(false);
            sent = new SentCard(c.ConversationId, response.Id ?? string.Empty);
        }

        await source.CardSentAsync(card.SubjectId, sent, CancellationToken.None).ConfigureAwait(false);
    }

    private sealed class Pending
    {
        public bool Dirty { get; set; }
    }
}
