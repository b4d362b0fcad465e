using HelpdeskBot.Storage.Sqlite;
using HelpdeskBot.Tickets.Dispatching;

namespace HelpdeskBot.Storage.Tests.Sqlite;

/// <summary>
/// The process's SQLite write turn: requests' writers go first, then the deliveries', then the other dispatchers';
/// none is starved; a cancelled wait leaves the queue.
/// </summary>
public sealed class SqliteWriteTurnTests
{
    private const WriteUrgency R = WriteUrgency.Request;
    private const WriteUrgency D = WriteUrgency.Delivery;
    private const WriteUrgency B = WriteUrgency.Background;

    [Fact]
    public async Task Waiting_request_writers_go_before_background_writers_which_still_get_every_third_turn()
    {
        Assert.Equal(["r1", "r2", "b1", "r3", "r4", "b2"], await TurnOrderAsync(("b1", B), ("b2", B), ("r1", R), ("r2", R), ("r3", R), ("r4", R)));
    }

    [Fact]
    public async Task Delivery_writers_go_before_other_dispatchers_writers_which_still_get_every_second_dispatcher_turn()
    {
        Assert.Equal(["d1", "b1", "d2", "b2", "d3", "b3"], await TurnOrderAsync(("b1", B), ("b2", B), ("b3", B), ("d1", D), ("d2", D), ("d3", D)));
    }

    [Fact]
    public async Task With_all_three_waiting_requests_keep_two_of_three_turns_and_the_dispatchers_share_the_third()
    {
        Assert.Equal(
            ["r1", "r2", "d1", "r3", "r4", "b1", "r5", "r6", "d2", "b2"],
            await TurnOrderAsync(("b1", B), ("b2", B), ("d1", D), ("d2", D), ("r1", R), ("r2", R), ("r3", R), ("r4", R), ("r5", R), ("r6", R)));
    }

    [Fact]
    public async Task A_free_turn_goes_to_whoever_asks_and_a_cancelled_wait_leaves_the_queue()
    {
        var turn = new SqliteWriteTurn();
        Assert.True(turn.TakeAsync(B, default).IsCompletedSuccessfully);

        using var cancel = new CancellationTokenSource();
        var gaveUp = turn.TakeAsync(D, cancel.Token);
        var next = turn.TakeAsync(B, default);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);

        turn.Release();
        Assert.True(next.IsCompletedSuccessfully, "the writer after the cancelled one has the turn");
        Assert.False(turn.TakeAsync(R, default).IsCompleted, "held");
    }

    [Fact]
    public async Task A_writer_given_the_turn_is_not_cancelled_by_its_token_afterwards()
    {
        var turn = new SqliteWriteTurn();
        await turn.TakeAsync(R, default);
        using var cancel = new CancellationTokenSource();
        var waiting = turn.TakeAsync(D, cancel.Token);
        var after = turn.TakeAsync(B, default);

        turn.Release();
        await cancel.CancelAsync();

        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.False(after.IsCompleted, "the turn is still held by the writer whose token was cancelled after it got it");
        turn.Release();
        Assert.True(after.IsCompletedSuccessfully);
    }

    /// <summary>The turn is held by a background writer while the given writers queue in this order; the order in which releases hand it on.</summary>
    private static async Task<List<string>> TurnOrderAsync(params (string Name, WriteUrgency Urgency)[] writers)
    {
        var turn = new SqliteWriteTurn();
        await turn.TakeAsync(B, default);
        var waiting = writers.Select(w => (w.Name, Turn: turn.TakeAsync(w.Urgency, default))).ToList();

        // Each release hands the turn to exactly one waiter (its task completes in Release).
        var order = new List<string>();
        while (waiting.Count > 0)
        {
            Assert.DoesNotContain(waiting, w => w.Turn.IsCompleted);
            turn.Release();
            var next = Assert.Single(waiting, w => w.Turn.IsCompleted);
            order.Add(next.Name);
            waiting.Remove(next);
        }

        turn.Release();
        Assert.True(turn.TakeAsync(R, default).IsCompletedSuccessfully, "free again after the last writer gave it back");
        return order;
    }
}
