using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Storage.Sqlite;
using HelpdeskBot.Tests.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.Delivery;

/// <summary>
/// The dispatcher's claimed-again path, driven round by round (the hosted loop is off, <c>Delivery:Enabled=false</c>):
/// a row this instance is still sending is claimed again by the same instance. Whether the running send takes the
/// newer claim up depends on what happened first — it must never send the row twice at once, twice for one change,
/// or leave it leased to nobody.
/// </summary>
public sealed class ClaimedAgainTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private readonly GatedCardSource _cards = new();
    private ReclaimingStore _store = null!;
    private ConversationHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(_clock, new Dictionary<string, string?> { ["Delivery:Enabled"] = "false" }, s =>
        {
            s.AddSingleton<ILiveCardSource>(_cards);
            s.AddSingleton<IDeliveryStore>(sp => _store = new ReclaimingStore(sp.GetRequiredService<SqliteDeliveryStore>()));
        });
        _cards.ServiceUrl = _host.Connector.ServiceUrl;
        _ = _host.Services.GetRequiredService<IDeliveryStore>();
    }

    public async ValueTask DisposeAsync()
    {
        _cards.Open();
        await _host.DisposeAsync();
    }

    private DeliveryDispatcher Dispatcher => _host.Services.GetRequiredService<DeliveryDispatcher>();

    private IDeliveryQueue Queue => _host.Services.GetRequiredService<IDeliveryQueue>();

    private static readonly LiveCard Card = new(GatedCardSource.CardKind, "inc-1");

    [Fact]
    public async Task A_row_claimed_again_after_its_send_recorded_its_outcome_is_sent_once_more_by_the_running_send()
    {
        var first = await StartHeldSendAsync();

        // Changed while its first version is on its way: the row is marked to run once more.
        _cards.Version = 2;
        await Queue.EnqueueCardAsync(Card, null, default);

        // The first send records its outcome (the row is pending and due again at once) and, before the running send
        // has finished, this instance claims the row again.
        IReadOnlyList<Task>? reclaimed = null;
        _store.RunAfterNextComplete(async () => reclaimed = await Dispatcher.DispatchDueAsync(default));
        _cards.Open();
        await first.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);

        // The newer claim was taken up by the running send (no second send started beside it), which sent version 2.
        Assert.NotNull(reclaimed);
        Assert.Empty(reclaimed);
        Assert.Equal(1, _cards.MostAtOnce);
        Assert.Equal(["incident inc-1, version 1", "incident inc-1, version 2"], CardTexts());
        Assert.Single(_host.Connector.Requests, r => r.Method == "PUT");

        // Finished, not stuck: no row left leased to nobody, nothing more to claim, nothing sent again later.
        Assert.Null(await _host.Services.GetRequiredService<IDeliveryStore>().FindAsync(Card.Kind, Card.SubjectId, default));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await Dispatcher.DispatchDueAsync(default));
        Assert.Equal(2, CardTexts().Count);
    }

    [Fact]
    public async Task A_lapsed_lease_claimed_back_while_the_send_is_in_flight_is_not_sent_again()
    {
        var first = await StartHeldSendAsync();

        // The send outlasts its lease (2 minutes by default) and the row is claimed back by this instance meanwhile:
        // not started beside the running send.
        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Empty(await Dispatcher.DispatchDueAsync(default));

        // The running send records its outcome over that claim: the row is done, and sent once.
        _cards.Open();
        await first.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
        Assert.Equal(["incident inc-1, version 1"], CardTexts());
        Assert.Null(await _host.Services.GetRequiredService<IDeliveryStore>().FindAsync(Card.Kind, Card.SubjectId, default));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await Dispatcher.DispatchDueAsync(default));
        Assert.Single(CardTexts());
    }

    /// <summary>Queues the card and starts its send, held in rendering until <see cref="GatedCardSource.Open"/>; returns the running send.</summary>
    private async Task<Task> StartHeldSendAsync()
    {
        await Queue.EnqueueCardAsync(Card, null, default);
        _cards.Close();
        var first = Assert.Single(await Dispatcher.DispatchDueAsync(default));
        await _cards.Rendering.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
        return first;
    }

    /// <summary>The texts of the card's sends the connector accepted, in order (the thread's start, then its updates).</summary>
    private List<string> CardTexts() =>
        [.. _host.Connector.Requests.Where(r => r.Succeeded && (r.Path == "/v3/conversations" || r.Method == "PUT")).Select(r => r.Text ?? (string?)r.Body?["activity"]?["text"] ?? string.Empty)];

    /// <summary>The real SQLite store, running a hook once right after the next <see cref="CompleteAsync"/> has been recorded.</summary>
    private sealed class ReclaimingStore(IDeliveryStore inner) : IDeliveryStore
    {
        private Func<Task>? _afterNextComplete;

        public void RunAfterNextComplete(Func<Task> hook) => _afterNextComplete = hook;

        public async Task<IReadOnlySet<long>> CompleteAsync(IReadOnlyCollection<long> ids, string owner, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var done = await inner.CompleteAsync(ids, owner, now, cancellationToken);
            if (Interlocked.Exchange(ref _afterNextComplete, null) is { } hook)
            {
                await hook();
            }

            return done;
        }

        public Task EnqueueCardAsync(string kind, string subjectId, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken cancellationToken) => inner.EnqueueCardAsync(kind, subjectId, dueAt, now, cancellationToken);

        public Task<bool> EnqueueMessageAsync(string key, string payloadJson, DateTimeOffset now, CancellationToken cancellationToken) => inner.EnqueueMessageAsync(key, payloadJson, now, cancellationToken);

        public Task<IReadOnlyList<DeliveryEntry>> ClaimAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken) => inner.ClaimAsync(owner, max, lease, now, cancellationToken);

        public Task<bool> RescheduleAsync(long id, string owner, DateTimeOffset nextAttemptAt, bool countAttempt, string? error, DateTimeOffset now, CancellationToken cancellationToken) => inner.RescheduleAsync(id, owner, nextAttemptAt, countAttempt, error, now, cancellationToken);

        public Task<bool> ParkAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken) => inner.ParkAsync(id, owner, error, now, cancellationToken);

        public Task<DeliveryEntry?> FindAsync(string kind, string subjectId, CancellationToken cancellationToken) => inner.FindAsync(kind, subjectId, cancellationToken);

        public Task<IReadOnlyDictionary<DeliveryState, int>> CountByStateAsync(CancellationToken cancellationToken) => inner.CountByStateAsync(cancellationToken);

        public Task<int> PurgeSentAsync(DateTimeOffset sentBefore, CancellationToken cancellationToken) => inner.PurgeSentAsync(sentBefore, cancellationToken);
    }

    /// <summary>A channel card whose rendering waits while the gate is closed, counting renders running at once.</summary>
    private sealed class GatedCardSource : ILiveCardSource
    {
        public const string CardKind = "test-gated";

        private readonly Lock _gate = new();
        private TaskCompletionSource _open = Opened();
        private readonly TaskCompletionSource _rendering = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running;
        private int _mostAtOnce;
        private SentCard? _sent;

        public int Version { get; set; } = 1;

        public string? ServiceUrl { get; set; }

        public string Kind => CardKind;

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        /// <summary>Completes when a render has started.</summary>
        public Task Rendering => _rendering.Task;

        public void Close()
        {
            lock (_gate)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public void Open()
        {
            lock (_gate)
            {
                _open.TrySetResult();
            }
        }

        public async Task<LiveCardContent?> RenderAsync(string subjectId, CancellationToken cancellationToken)
        {
            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _mostAtOnce, running);
            try
            {
                // The content as it was when the send began (a change made while it waits is the next send's).
                var version = Version;
                Task open;
                lock (_gate)
                {
                    open = _open.Task;
                    _rendering.TrySetResult();
                }

                await open.WaitAsync(cancellationToken);
                var conversation = new ConversationReference
                {
                    ServiceUrl = ServiceUrl!,
                    ConversationId = _sent?.ConversationId ?? "19:helpdesk@thread.tacv2",
                    ConversationType = "channel",
                    TenantId = "tenant-1",
                    BotId = ConversationHost.BotId,
                };
                return new LiveCardContent(conversation, Activity.CreateMessage($"incident {subjectId}, version {version}"), _sent?.ActivityId, StartsThread: _sent is null);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        public Task CardSentAsync(string subjectId, SentCard sent, CancellationToken cancellationToken)
        {
            _sent = sent;
            return Task.CompletedTask;
        }

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }

        private static void InterlockedMax(ref int target, int value)
        {
            for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            {
                if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                {
                    return;
                }
            }
        }
    }
}
