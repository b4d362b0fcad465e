using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Tests.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.Delivery;

/// <summary>
/// A live card that waits for its pacing slot goes out showing what is true when it goes, and the change that came
/// meanwhile is not sent a second time (under a burst: a report's acknowledgement and its diagnosis are one send,
/// not two, so the tenant's 50 sends a second go further). Driven round by round on a fake clock (the hosted loop
/// is off), with the thread's limit at 1 send a second so that a second send waits.
/// </summary>
public sealed class PacedCardTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private readonly ChatCardSource _cards = new();
    private ConversationHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(
            _clock,
            new Dictionary<string, string?> { ["Delivery:Enabled"] = "false", ["Delivery:ThreadPerSecond"] = "1" },
            s => s.AddSingleton<ILiveCardSource>(_cards));
        _cards.ServiceUrl = _host.Connector.ServiceUrl;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private DeliveryDispatcher Dispatcher => _host.Services.GetRequiredService<DeliveryDispatcher>();

    private IDeliveryQueue Queue => _host.Services.GetRequiredService<IDeliveryQueue>();

    private static readonly LiveCard Card = new(ChatCardSource.CardKind, "c-1");

    [Fact]
    public async Task A_card_changed_while_its_send_waits_for_its_turn_shows_the_change_once()
    {
        // The card's first send (the acknowledgement) takes the thread's one send of this second.
        await Queue.EnqueueCardAsync(Card, null, default);
        await Task.WhenAll(await Dispatcher.DispatchDueAsync(default));

        // Changed: its update is claimed, rendered (version 2) and waits about a second for the thread's next slot.
        _cards.Version = 2;
        await Queue.EnqueueCardAsync(Card, null, default);
        var update = Assert.Single(await Dispatcher.DispatchDueAsync(default));
        await _cards.WaitForRendersAsync(2);

        // Changed again while it waits (a diagnosis landing while the acknowledgement waits): the row runs once more.
        _cards.Version = 3;
        await Queue.EnqueueCardAsync(Card, null, default);
        Assert.False(update.IsCompleted);
        await new ClockDriver(_clock, _host.Connector, TimeSpan.FromMilliseconds(250)).AdvanceUntilAsync(() => update.IsCompleted);
        await update;

        // The waiting send went out with version 3; the row's next claim finds the card showing it and sends nothing.
        Assert.Equal(["case c-1, version 1", "case c-1, version 3"], CardTexts());
        _clock.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(await Dispatcher.DispatchDueAsync(default));
        Assert.Equal(["case c-1, version 1", "case c-1, version 3"], CardTexts());
        Assert.Null(await _host.Services.GetRequiredService<IDeliveryStore>().FindAsync(Card.Kind, Card.SubjectId, default));

        // A later change is sent as before.
        _cards.Version = 4;
        await Queue.EnqueueCardAsync(Card, null, default);
        _clock.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(await Dispatcher.DispatchDueAsync(default));
        Assert.Equal(["case c-1, version 1", "case c-1, version 3", "case c-1, version 4"], CardTexts());
    }

    [Fact]
    public async Task The_same_content_sent_to_a_new_activity_is_sent_again()
    {
        await Queue.EnqueueCardAsync(Card, null, default);
        await Task.WhenAll(await Dispatcher.DispatchDueAsync(default));

        // The card's activity is gone (a new one must be posted): the same content goes out again.
        _cards.Forget();
        await Queue.EnqueueCardAsync(Card, null, default);
        _clock.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(await Dispatcher.DispatchDueAsync(default));
        Assert.Equal(["case c-1, version 1", "case c-1, version 1"], CardTexts());
    }

    /// <summary>The texts of the card's sends the connector accepted, in order (the first post, then its updates).</summary>
    private List<string> CardTexts() =>
        [.. _host.Connector.Requests.Where(r => r.Succeeded && r.Path.StartsWith("/v3/conversations/a:chat-1/activities", StringComparison.Ordinal)).Select(r => r.Text ?? string.Empty)];

    /// <summary>A personal chat's card, as a reporter's case card: posted once, then updated in place.</summary>
    private sealed class ChatCardSource : ILiveCardSource
    {
        public const string CardKind = "test-chat";

        private readonly SemaphoreSlim _renders = new(0);
        private SentCard? _sent;

        public int Version { get; set; } = 1;

        public string? ServiceUrl { get; set; }

        public string Kind => CardKind;

        /// <summary>The card's activity is gone: its next send posts a new one.</summary>
        public void Forget() => _sent = null;

        public async Task WaitForRendersAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(await _renders.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
            }
        }

        public Task<LiveCardContent?> RenderAsync(string subjectId, CancellationToken cancellationToken)
        {
            var conversation = new ConversationReference
            {
                ServiceUrl = ServiceUrl!,
                ConversationId = "a:chat-1",
                ConversationType = "personal",
                TenantId = "tenant-1",
                BotId = ConversationHost.BotId,
            };
            var content = new LiveCardContent(conversation, Activity.CreateMessage($"case {subjectId}, version {Version}"), _sent?.ActivityId);
            _renders.Release();
            return Task.FromResult<LiveCardContent?>(content);
        }

        public Task CardSentAsync(string subjectId, SentCard sent, CancellationToken cancellationToken)
        {
            _sent = sent;
            return Task.CompletedTask;
        }
    }
}
