using System.Collections.Concurrent;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Outbox;

namespace HelpdeskBot.Storage.Tests.Contracts;

/// <summary>The <see cref="IOutboxStore"/> contract, run against every engine by the subclasses below.</summary>
public abstract class OutboxStoreContract : StorageContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private static TicketRef Ticket(string number) => new("embedded", number, $"https://bot.example/tickets/{number}", null);

    private async Task<long> EnqueueAsync(string escalationId)
    {
        Assert.True(await Stores.Outbox.EnqueueAsync(TestEscalations.Create(escalationId, "case-" + escalationId), Clock.GetUtcNow(), default));
        return (await Stores.Outbox.FindByEscalationIdAsync(escalationId, default))!.Id;
    }

    [Fact]
    public async Task Enqueueing_the_same_escalation_twice_keeps_one_row_and_the_full_payload()
    {
        var request = TestEscalations.Create("esc-1", "case-1");

        Assert.True(await Stores.Outbox.EnqueueAsync(request, Clock.GetUtcNow(), default));
        Assert.False(await Stores.Outbox.EnqueueAsync(request with { ProblemTitle = "changed" }, Clock.GetUtcNow(), default));

        var entry = (await Stores.Outbox.FindByEscalationIdAsync("esc-1", default))!;
        Assert.Equal(StoredJson.Of(request), StoredJson.Of(entry.Request));
        Assert.Equal((OutboxState.Pending, 0, Start, Start), (entry.State, entry.Attempts, entry.CreatedAt, entry.NextAttemptAt));
        Assert.Null(entry.LeaseOwner);
        Assert.Equal(entry.Id, (await Stores.Outbox.GetAsync(entry.Id, default))!.Id);
        Assert.Single(await Stores.Outbox.ListAsync(null, 10, default));
    }

    [Fact]
    public async Task Claim_leases_due_rows_to_one_owner_and_nobody_else_until_the_lease_expires()
    {
        var first = await EnqueueAsync("esc-1");
        var second = await EnqueueAsync("esc-2");

        var claimed = await Stores.Outbox.ClaimAsync("host-a", 10, Lease, Clock.GetUtcNow(), default);

        Assert.Equal([first, second], claimed.Select(e => e.Id));
        Assert.All(claimed, e => Assert.Equal((OutboxState.InProgress, "host-a", Start + Lease), (e.State, e.LeaseOwner, e.LeaseExpiresAt)));
        Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await Stores.Outbox.ClaimAsync("host-b", 10, Lease, Clock.GetUtcNow(), default));
    }

    [Fact]
    public async Task Expired_lease_is_taken_over_and_the_previous_owner_can_no_longer_complete()
    {
        var id = await EnqueueAsync("esc-1");
        await Stores.Outbox.ClaimAsync("host-a", 10, Lease, Clock.GetUtcNow(), default);

        Clock.Advance(Lease);
        var takenOver = await Stores.Outbox.ClaimAsync("host-b", 10, Lease, Clock.GetUtcNow(), default);

        Assert.Equal("host-b", Assert.Single(takenOver).LeaseOwner);
        Assert.False(await Stores.Outbox.CompleteAsync(id, "host-a", Ticket("HD-1"), Clock.GetUtcNow(), default));
        Assert.False(await Stores.Outbox.RescheduleAsync(id, "host-a", Clock.GetUtcNow(), "late", Clock.GetUtcNow(), default));
        Assert.False(await Stores.Outbox.ParkAsync(id, "host-a", "late", Clock.GetUtcNow(), default));
        Assert.True(await Stores.Outbox.CompleteAsync(id, "host-b", Ticket("HD-2"), Clock.GetUtcNow(), default));
        Assert.Equal("HD-2", (await Stores.Outbox.GetAsync(id, default))!.Ticket!.Number);
    }

    [Fact]
    public async Task Completed_row_is_sent_with_its_ticket_and_never_claimed_again()
    {
        var id = await EnqueueAsync("esc-1");
        await Stores.Outbox.ClaimAsync("host-a", 10, Lease, Clock.GetUtcNow(), default);

        Assert.True(await Stores.Outbox.CompleteAsync(id, "host-a", Ticket("HD-1001"), Clock.GetUtcNow(), default));
        Assert.False(await Stores.Outbox.CompleteAsync(id, "host-a", Ticket("HD-1001"), Clock.GetUtcNow(), default));

        var entry = (await Stores.Outbox.GetAsync(id, default))!;
        Assert.Equal((OutboxState.Sent, 1, (string?)null, (DateTimeOffset?)null), (entry.State, entry.Attempts, entry.LeaseOwner, entry.LeaseExpiresAt));
        Assert.Equal(Ticket("HD-1001"), entry.Ticket);
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await Stores.Outbox.ClaimAsync("host-b", 10, Lease, Clock.GetUtcNow(), default));
    }

    [Fact]
    public async Task Rescheduled_row_counts_the_attempt_keeps_the_error_and_is_due_at_its_next_time()
    {
        var id = await EnqueueAsync("esc-1");
        await Stores.Outbox.ClaimAsync("host-a", 10, Lease, Clock.GetUtcNow(), default);

        Assert.True(await Stores.Outbox.RescheduleAsync(id, "host-a", Start.AddSeconds(30), "HTTP 503 from ServiceNow", Clock.GetUtcNow(), default));

        var entry = (await Stores.Outbox.GetAsync(id, default))!;
        Assert.Equal((OutboxState.Pending, 1, "HTTP 503 from ServiceNow", Start.AddSeconds(30)), (entry.State, entry.Attempts, entry.LastError, entry.NextAttemptAt));
        Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await Stores.Outbox.ClaimAsync("host-a", 10, Lease, Clock.GetUtcNow(), default));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(id, Assert.Single(await Stores.Outbox.ClaimAsync("host-b", 10, Lease, Clock.GetUtcNow(), default)).Id);
    }

    [Fact]
    public async Task Parked_row_waits_for_a_replay_then_is_due_at_once()
    {
        var id = await EnqueueAsync("esc-1");
        Assert.False(await Stores.Outbox.ReplayAsync(id, Clock.GetUtcNow(), default));
        await Stores.Outbox.ClaimAsync("host-a", 10, Lease, Clock.GetUtcNow(), default);

        Assert.True(await Stores.Outbox.ParkAsync(id, "host-a", "gave up after 24 h", Clock.GetUtcNow(), default));
        Clock.Advance(TimeSpan.FromDays(2));
        Assert.Empty(await Stores.Outbox.ClaimAsync("host-a", 10, Lease, Clock.GetUtcNow(), default));
        Assert.Equal([id], (await Stores.Outbox.ListAsync(OutboxState.Parked, 10, default)).Select(e => e.Id));

        Assert.True(await Stores.Outbox.ReplayAsync(id, Clock.GetUtcNow(), default));
        Assert.False(await Stores.Outbox.ReplayAsync(id, Clock.GetUtcNow(), default));
        var replayed = Assert.Single(await Stores.Outbox.ClaimAsync("host-b", 10, Lease, Clock.GetUtcNow(), default));
        Assert.Equal((id, "gave up after 24 h", 1), (replayed.Id, replayed.LastError, replayed.Attempts));
    }

    [Fact]
    public async Task Claim_takes_at_most_max_rows_oldest_due_first()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await EnqueueAsync($"esc-{i}"));
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(ids.Take(2), (await Stores.Outbox.ClaimAsync("host-a", 2, Lease, Clock.GetUtcNow(), default)).Select(e => e.Id));
        Assert.Equal(ids.Skip(2).Take(2), (await Stores.Outbox.ClaimAsync("host-a", 2, Lease, Clock.GetUtcNow(), default)).Select(e => e.Id));
        Assert.Empty(await Stores.Outbox.ClaimAsync("host-a", 0, Lease, Clock.GetUtcNow(), default));
    }

    [Fact]
    public async Task Counts_rows_per_state_for_the_backlog()
    {
        var sent = await EnqueueAsync("esc-1");
        var parked = await EnqueueAsync("esc-2");
        await EnqueueAsync("esc-3");
        await EnqueueAsync("esc-4");
        await Stores.Outbox.ClaimAsync("host-a", 3, Lease, Clock.GetUtcNow(), default);
        await Stores.Outbox.CompleteAsync(sent, "host-a", Ticket("HD-1"), Clock.GetUtcNow(), default);
        await Stores.Outbox.ParkAsync(parked, "host-a", "bad request", Clock.GetUtcNow(), default);

        var counts = await Stores.Outbox.CountByStateAsync(default);

        Assert.Equal(
            new Dictionary<OutboxState, int> { [OutboxState.Pending] = 1, [OutboxState.InProgress] = 1, [OutboxState.Sent] = 1, [OutboxState.Parked] = 1 },
            counts);
    }

    [Fact]
    public async Task Parallel_claimers_on_several_instances_claim_every_row_exactly_once()
    {
        const int Rows = 300;
        for (var i = 0; i < Rows; i++)
        {
            await Stores.Outbox.EnqueueAsync(TestEscalations.Create($"esc-{i}", $"case-{i}"), Start, default);
        }

        var instances = new[] { Stores, await OpenAnotherInstanceAsync(), await OpenAnotherInstanceAsync() };
        var claims = new ConcurrentBag<(long Id, string Owner)>();
        var completedElsewhere = 0;

        // 3 instances x 4 dispatcher loops each, claiming batches of 7 and completing them.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(worker => Task.Run(async () =>
        {
            var outbox = instances[worker % instances.Length].Outbox;
            var owner = $"host-{worker}";
            while (true)
            {
                var batch = await outbox.ClaimAsync(owner, 7, Lease, Start, default);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var entry in batch)
                {
                    claims.Add((entry.Id, owner));
                    if (!await outbox.CompleteAsync(entry.Id, owner, Ticket("T-" + entry.Id), Start, default))
                    {
                        Interlocked.Increment(ref completedElsewhere);
                    }
                }
            }
        })));

        Assert.Equal(Rows, claims.Count);
        Assert.Equal(Rows, claims.Select(c => c.Id).Distinct().Count());
        Assert.Equal(0, completedElsewhere);
        Assert.Equal(Rows, (await Stores.Outbox.CountByStateAsync(default))[OutboxState.Sent]);
    }
}

public sealed class SqliteOutboxStoreTests : OutboxStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => SqliteAsync();
}

public sealed class PostgresOutboxStoreTests : OutboxStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => PostgresAsync();
}
