using HelpdeskBot.Storage.Sqlite;

namespace HelpdeskBot.Storage.Tests.Sqlite;

/// <summary>The process's SQLite write turn: requests' writers go first, background writers are never starved, a cancelled wait leaves the queue.</summary>
public sealed class SqliteWriteTurnTests
{
    [Fact]
    public async Task Waiting_request_writers_go_before_background_writers_which_still_get_every_third_turn()
    {
        var turn = new SqliteWriteTurn();
        await turn.TakeAsync(background: true, default); // held by a background writer
        var waiting = new List<(string Name, Task Turn)>();
        foreach (var (name, background) in new[] { ("b1", true), ("b2", true), ("r1", false), ("r2", false), ("r3", false), ("r4", false) })
        {
            waiting.Add((name, turn.TakeAsync(background, default)));
        }

        // Each release hands the turn to exactly one waiter (its task completes in Release).
        var order = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            Assert.DoesNotContain(waiting, w => w.Turn.IsCompleted);
            turn.Release();
            var next = Assert.Single(waiting, w => w.Turn.IsCompleted);
            order.Add(next.Name);
            waiting.Remove(next);
        }

        Assert.Equal(["r1", "r2", "b1", "r3", "r4", "b2"], order);
        turn.Release();
        Assert.True(turn.TakeAsync(background: false, default).IsCompletedSuccessfully, "free again after the last writer gave it back");
    }

    [Fact]
    public async Task A_free_turn_goes_to_whoever_asks_and_a_cancelled_wait_leaves_the_queue()
    {
        var turn = new SqliteWriteTurn();
        Assert.True(turn.TakeAsync(background: true, default).IsCompletedSuccessfully);

        using var cancel = new CancellationTokenSource();
        var gaveUp = turn.TakeAsync(background: false, cancel.Token);
        var next = turn.TakeAsync(background: false, default);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);

        turn.Release();
        Assert.True(next.IsCompletedSuccessfully, "the writer after the cancelled one has the turn");
        Assert.False(turn.TakeAsync(background: true, default).IsCompleted, "held");
    }
}
