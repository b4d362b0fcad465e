using System.Collections.Concurrent;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Tests.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.Delivery;

/// <summary>
/// Durable one-off messages and live cards through the whole host on a fake clock, against the fake connector
/// enforcing Teams' limits (7 per second per thread, 50 per second per tenant, 429 with Retry-After past them):
/// every delivery arrives once, and pacing keeps within the limits.
/// </summary>
public sealed class PacingTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private readonly ThreadCardSource _threads = new();
    private ConversationHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(_clock, services: s => s.AddSingleton<ILiveCardSource>(_threads));
        _threads.ServiceUrl = _host.Connector.ServiceUrl;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private IDeliveryQueue Queue => _host.Services.GetRequiredService<IDeliveryQueue>();

    private ClockDriver Driver => new(_clock, _host.Connector, TimeSpan.FromMilliseconds(250));

    [Fact]
    public async Task A_fan_out_to_one_busy_thread_and_many_chats_keeps_within_the_limits_and_sends_each_message_once()
    {
        // A first send fetches the connector token; afterwards sends take milliseconds of real time, so the fake
        // clock does not move while a paced batch is on its way.
        await Queue.EnqueueMessageAsync("warm-up", Conversation("a:warm-up"), Activity.CreateMessage("warm-up"), default);
        await Driver.AdvanceUntilAsync(() => Delivered().Count == 1);
        _host.Connector.EnforceRateLimits(_clock, perThreadPerSecond: 7, perTenantPerSecond: 50, retryAfter: TimeSpan.FromSeconds(2));
        var keys = new List<string> { "warm-up" };
        for (var i = 0; i < 30; i++)
        {
            keys.Add($"busy-{i}");
            await Queue.EnqueueMessageAsync($"busy-{i}", Conversation("a:busy"), Activity.CreateMessage($"busy-{i}"), default);
        }

        for (var i = 0; i < 150; i++)
        {
            keys.Add($"chat-{i}");
            await Queue.EnqueueMessageAsync($"chat-{i}", Conversation($"a:chat-{i}"), Activity.CreateMessage($"chat-{i}"), default);
        }

        // The same key again is a no-op, also after it was sent.
        await Queue.EnqueueMessageAsync("busy-0", Conversation("a:busy"), Activity.CreateMessage("busy-0 again"), default);
        await Driver.AdvanceUntilAsync(() => Delivered().Count >= keys.Count);
        await Queue.EnqueueMessageAsync("chat-0", Conversation("a:chat-0"), Activity.CreateMessage("chat-0 again"), default);
        await Driver.AdvanceAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(keys.Order(), Delivered().Order());
        Assert.True(_host.Connector.Throttled == 0, string.Join("\n", _host.Connector.Requests.Select((r, i) => $"{i} {r.Status} {r.Path}")));
    }

    [Fact]
    public async Task Messages_answered_429_are_sent_after_their_Retry_After_and_never_twice()
    {
        for (var i = 0; i < 5; i++)
        {
            _host.Connector.FailNext(429, TimeSpan.FromSeconds(30));
        }

        for (var i = 0; i < 20; i++)
        {
            await Queue.EnqueueMessageAsync($"m-{i}", Conversation($"a:chat-{i}"), Activity.CreateMessage($"m-{i}"), default);
        }

        await Driver.AdvanceUntilAsync(() => Delivered().Count >= 20, maxSteps: 400);
        await Driver.AdvanceAsync(TimeSpan.FromSeconds(40));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"m-{i}").Order(), Delivered().Order());
        Assert.Equal(5, _host.Connector.Requests.Count(r => r.Status == 429));
    }

    [Fact]
    public async Task A_card_that_starts_a_thread_creates_a_channel_conversation_and_later_updates_it_in_place()
    {
        await Queue.EnqueueCardAsync(new LiveCard(ThreadCardSource.CardKind, "inc-1"), null, default);
        await Driver.AdvanceUntilAsync(() => !_threads.Sent.IsEmpty);

        var create = Assert.Single(_host.Connector.Requests, r => r.Path == "/v3/conversations");
        Assert.True((bool?)create.Body?["isGroup"]);
        Assert.Equal("19:helpdesk@thread.tacv2", (string?)create.Body?["channelData"]?["channel"]?["id"]);
        Assert.Equal("tenant-1", (string?)create.Body?["channelData"]?["tenant"]?["id"]);
        Assert.Equal("incident inc-1, version 1", (string?)create.Body?["activity"]?["text"]);
        var sent = Assert.Single(_threads.Sent);
        // The new thread's conversation id, as Teams answers for a channel post: "{channel id};messageid={activity id}".
        Assert.StartsWith("19:helpdesk@thread.tacv2;messageid=", sent.ConversationId, StringComparison.Ordinal);

        // Two changes while nothing was sent yet coalesce into one update of the thread's card.
        _threads.Version = 3;
        await Queue.EnqueueCardAsync(new LiveCard(ThreadCardSource.CardKind, "inc-1"), _clock.GetUtcNow() + TimeSpan.FromSeconds(10), default);
        await Queue.EnqueueCardAsync(new LiveCard(ThreadCardSource.CardKind, "inc-1"), _clock.GetUtcNow() + TimeSpan.FromSeconds(10), default);
        await Driver.AdvanceAsync(TimeSpan.FromSeconds(15));

        var update = Assert.Single(_host.Connector.Requests, r => r.Method == "PUT");
        Assert.Equal($"/v3/conversations/{sent.ConversationId}/activities/{sent.ActivityId}", update.Path);
        Assert.Equal("incident inc-1, version 3", update.Text);
        Assert.Single(_threads.Sent);
    }

    private ConversationReference Conversation(string id) => new()
    {
        ServiceUrl = _host.Connector.ServiceUrl,
        ConversationId = id,
        ConversationType = "personal",
        TenantId = "tenant-1",
        BotId = ConversationHost.BotId,
        BotName = "HelpdeskBot",
    };

    /// <summary>The texts of the messages the connector accepted.</summary>
    private List<string> Delivered() => [.. _host.Connector.Requests.Where(r => r.Succeeded && r.Method == "POST" && r.Text is not null).Select(r => r.Text!)];

    /// <summary>A channel card that starts its own thread, as the help-desk channel's incident card does.</summary>
    private sealed class ThreadCardSource : ILiveCardSource
    {
        public const string CardKind = "test-thread";

        public int Version { get; set; } = 1;

        public ConcurrentQueue<SentCard> Sent { get; } = new();

        public string? ServiceUrl { get; set; }

        public string Kind => CardKind;

        public Task<LiveCardContent?> RenderAsync(string subjectId, CancellationToken cancellationToken)
        {
            var existing = Sent.LastOrDefault();
            var conversation = new ConversationReference
            {
                ServiceUrl = ServiceUrl!,
                ConversationId = existing?.ConversationId ?? "19:helpdesk@thread.tacv2",
                ConversationType = "channel",
                TenantId = "tenant-1",
                BotId = ConversationHost.BotId,
            };
            return Task.FromResult<LiveCardContent?>(new LiveCardContent(conversation, Activity.CreateMessage($"incident {subjectId}, version {Version}"), existing?.ActivityId, StartsThread: existing is null));
        }

        public Task CardSentAsync(string subjectId, SentCard sent, CancellationToken cancellationToken)
        {
            Sent.Enqueue(sent);
            return Task.CompletedTask;
        }
    }
}
