using HelpdeskBot.Conversations.Cases;

namespace HelpdeskBot.Storage.Tests.Sqlite;

/// <summary>
/// A dispatcher's claim that finds nothing due takes no SQLite write turn (it is woken for every enqueue and every
/// finished run, mostly for work a claim already took); a claim that finds work still takes its turn.
/// </summary>
public sealed class SqliteEmptyClaimTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private readonly SqliteEngine _engine = new();
    private HelpdeskBotStores _stores = null!;

    public async ValueTask InitializeAsync() => _stores = await _engine.OpenAsync();

    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    [Fact]
    public async Task Claims_that_find_nothing_due_answer_while_another_writer_holds_the_turn()
    {
        await _stores.Deliveries.EnqueueCardAsync("case", "c-later", Now.AddMinutes(5), Now, default);
        var waiting = new CaseRecord("c-1", "a:conv", "29:ada", "wiki.contoso.com", CaseStatus.Open, "{}", 1, Now, Now) { AwaitsDiagnosis = true };
        Assert.True(await _stores.Cases.TryInsertAsync(waiting, new CaseEvent("c-1", 1, "created", "{}", Now), default));
        Assert.Equal(["c-1"], await _stores.Cases.ClaimDiagnosesAsync("me", 5, Lease, Now, default));

        Task<IReadOnlyList<HelpdeskBot.Conversations.Delivery.DeliveryEntry>> dueClaim;
        var holder = await _stores.Database.OpenWriterAsync(default);
        await using (holder)
        {
            // Nothing due: the card is due in 5 minutes, the case is leased. Both answer without the turn.
            Assert.Empty(await _stores.Deliveries.ClaimAsync("me", 5, Lease, Now, default).WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System));
            Assert.Empty(await _stores.Cases.ClaimDiagnosesAsync("other", 5, Lease, Now.AddSeconds(30), default).WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System));

            // The card is due by then: that claim waits for the turn.
            dueClaim = _stores.Deliveries.ClaimAsync("me", 5, Lease, Now.AddMinutes(6), default);
            Assert.Empty(await _stores.Cases.ClaimDiagnosesAsync("other", 5, Lease, Now.AddSeconds(59), default).WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System));
            Assert.False(dueClaim.IsCompleted);
        }

        Assert.Equal("c-later", Assert.Single(await dueClaim).SubjectId);
        Assert.Equal(["c-1"], await _stores.Cases.ClaimDiagnosesAsync("other", 5, Lease, Now.AddMinutes(2), default)); // the lease lapsed
    }
}
