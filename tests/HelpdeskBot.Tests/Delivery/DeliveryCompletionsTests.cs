using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Storage.Sqlite;
using HelpdeskBot.Tests.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.Delivery;

/// <summary>
/// The dispatcher's group commit of completions on the real SQLite store: sends that finish while a completion is
/// being written go together in the next write, each still told whether its lease held; a failed write fails its
/// group only, and the rows stay leased (to be claimed again), as a failed single completion left them.
/// </summary>
public sealed class DeliveryCompletionsTests : IAsyncLifetime
{
    private const string Owner = "host-a";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private GatedStore _store = null!;
    private ConversationHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(_clock, new Dictionary<string, string?> { ["Delivery:Enabled"] = "false" }, s =>
            s.AddSingleton<IDeliveryStore>(sp => new GatedStore(sp.GetRequiredService<SqliteDeliveryStore>())));
        _store = (GatedStore)_host.Services.GetRequiredService<IDeliveryStore>();
    }

    public async ValueTask DisposeAsync()
    {
        _store.Open();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Sends_finishing_while_a_completion_is_written_are_completed_together_by_the_next_write()
    {
        var ids = await ClaimMessagesAsync(Owner, "m-1", "m-2", "m-3");
        var lost = Assert.Single(await ClaimMessagesAsync("host-b", "m-4"));
        var completions = new DeliveryCompletions(_store, Owner, _clock);

        _store.Close();
        var first = completions.CompleteAsync(ids[0], default);
        await _store.Writing.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
        var rest = new[] { ids[1], ids[2], lost }.Select(id => completions.CompleteAsync(id, default)).ToList();
        Assert.False(first.IsCompleted);
        Assert.All(rest, t => Assert.False(t.IsCompleted));
        _store.Open();

        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System));
        var outcomes = await Task.WhenAll(rest).WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
        Assert.Equal([true, true, false], outcomes);
        Assert.Equal([[ids[0]], [ids[1], ids[2], lost]], _store.Calls.Select(c => c.Order().ToArray()));
        foreach (var key in new[] { "m-1", "m-2", "m-3" })
        {
            Assert.Equal(DeliveryState.Sent, (await _store.FindAsync(DeliveryEntry.MessageKind, key, default))!.State);
        }

        var other = (await _store.FindAsync(DeliveryEntry.MessageKind, "m-4", default))!;
        Assert.Equal((DeliveryState.InProgress, "host-b"), (other.State, other.LeaseOwner));
    }

    [Fact]
    public async Task A_failed_write_fails_its_whole_group_leaves_the_rows_leased_and_the_next_completion_is_written()
    {
        var ids = await ClaimMessagesAsync(Owner, "m-1", "m-2", "m-3", "m-4");
        var completions = new DeliveryCompletions(_store, Owner, _clock);

        _store.Close();
        var first = completions.CompleteAsync(ids[0], default);
        await _store.Writing.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
        _store.FailWith(ids[1], new IOException("disk I/O error"));
        var failing = new[] { ids[1], ids[2] }.Select(id => completions.CompleteAsync(id, default)).ToList();
        _store.Open();

        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System));
        foreach (var t in failing)
        {
            Assert.Equal("disk I/O error", (await Assert.ThrowsAsync<IOException>(() => t.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System))).Message);
        }

        Assert.Equal(DeliveryState.InProgress, (await _store.FindAsync(DeliveryEntry.MessageKind, "m-2", default))!.State);
        Assert.True(await completions.CompleteAsync(ids[3], default).WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System));
        Assert.Equal(DeliveryState.Sent, (await _store.FindAsync(DeliveryEntry.MessageKind, "m-4", default))!.State);

        // The rows of the failed write are claimed again once their lease lapses (here by this instance).
        _clock.Advance(Lease);
        Assert.Equal(["m-2", "m-3"], (await _store.ClaimAsync(Owner, 10, Lease, _clock.GetUtcNow(), default)).Select(e => e.SubjectId).Order());
    }

    private async Task<List<long>> ClaimMessagesAsync(string owner, params string[] keys)
    {
        foreach (var key in keys)
        {
            Assert.True(await _store.EnqueueMessageAsync(key, "{}", _clock.GetUtcNow(), default));
        }

        return [.. (await _store.ClaimAsync(owner, keys.Length, Lease, _clock.GetUtcNow(), default)).OrderBy(e => e.SubjectId).Select(e => e.Id)];
    }

    /// <summary>The real SQLite store; while closed, a completion waits before it writes; records each completion's ids.</summary>
    private sealed class GatedStore(IDeliveryStore inner) : IDeliveryStore
    {
        private TaskCompletionSource _open = Opened();
        private readonly TaskCompletionSource _writing = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<long[]> Calls { get; } = [];

        /// <summary>Completes when a completion has started and waits at the closed gate.</summary>
        public Task Writing => _writing.Task;

        private (long Id, Exception Error)? _failure;

        /// <summary>The completion write that holds <paramref name="id"/> throws <paramref name="error"/> instead of writing.</summary>
        public void FailWith(long id, Exception error) => _failure = (id, error);

        public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _open.TrySetResult();

        public async Task<IReadOnlySet<long>> CompleteAsync(IReadOnlyCollection<long> ids, string owner, DateTimeOffset now, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add([.. ids]);
            }

            _writing.TrySetResult();
            await _open.Task;
            if (_failure is { } failure && ids.Contains(failure.Id))
            {
                throw failure.Error;
            }

            return await inner.CompleteAsync(ids, owner, now, cancellationToken);
        }

        public Task EnqueueCardAsync(string kind, string subjectId, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken cancellationToken) => inner.EnqueueCardAsync(kind, subjectId, dueAt, now, cancellationToken);

        public Task<bool> EnqueueMessageAsync(string key, string payloadJson, DateTimeOffset now, CancellationToken cancellationToken) => inner.EnqueueMessageAsync(key, payloadJson, now, cancellationToken);

        public Task<IReadOnlyList<DeliveryEntry>> ClaimAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken) => inner.ClaimAsync(owner, max, lease, now, cancellationToken);

        public Task<bool> RescheduleAsync(long id, string owner, DateTimeOffset nextAttemptAt, bool countAttempt, string? error, DateTimeOffset now, CancellationToken cancellationToken) => inner.RescheduleAsync(id, owner, nextAttemptAt, countAttempt, error, now, cancellationToken);

        public Task<bool> ParkAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken) => inner.ParkAsync(id, owner, error, now, cancellationToken);

        public Task<DeliveryEntry?> FindAsync(string kind, string subjectId, CancellationToken cancellationToken) => inner.FindAsync(kind, subjectId, cancellationToken);

        public Task<IReadOnlyDictionary<DeliveryState, int>> CountByStateAsync(CancellationToken cancellationToken) => inner.CountByStateAsync(cancellationToken);

        public Task<int> PurgeSentAsync(DateTimeOffset sentBefore, CancellationToken cancellationToken) => inner.PurgeSentAsync(sentBefore, cancellationToken);

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }
}
