using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Protocol.Idempotency;

/// <summary>
/// At most one turn per activity: the first delivery claims the activity in the <see cref="IActivityLedger"/> and
/// records its answer; a redelivery gets that answer without running the turn again. A redelivery that arrives
/// while the first is still running waits for its answer (signalled in-process, polled across instances), at most
/// <see cref="ActivityIdempotencyOptions.RedeliveryWait"/>. When the ledger cannot be reached the turn runs
/// unguarded (logged): answering the user beats refusing every message while the store is down.
/// </summary>
internal sealed class ActivityIdempotency(
    IActivityLedger ledger,
    IOptions<ActivityIdempotencyOptions> options,
    TimeProvider time,
    ILogger<ActivityIdempotency> logger)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _running = new(StringComparer.Ordinal);

    public async Task<ActivityTurn> BeginAsync(ActivityKey key, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var claim = Guid.NewGuid().ToString("N");
        var deadline = time.GetUtcNow() + o.RedeliveryWait;
        while (true)
        {
            var now = time.GetUtcNow();
            ActivityLedgerEntry? held;
            try
            {
                held = await ledger.TryClaimAsync(key, claim, now, now - o.ProcessingLease, now + o.Retention, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.LedgerUnavailable(logger, e);
                return ActivityTurn.Unguarded;
            }

            if (held is null)
            {
                _running[key.Hash] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return new ActivityTurn(ActivityTurnKind.First, key, claim, null);
            }

            if (held.Answer is { } answer)
            {
                Log.Redelivered(logger, answer.Status);
                return new ActivityTurn(ActivityTurnKind.Replay, key, null, answer);
            }

            if (now >= deadline)
            {
                Log.RedeliveredWhileRunning(logger, o.RedeliveryWait);
                return new ActivityTurn(ActivityTurnKind.StillRunning, key, null, null);
            }

            var remaining = deadline - now;
            var wait = _running.TryGetValue(key.Hash, out var running)
                ? running.Task
                : Task.Delay(o.PollInterval < remaining ? o.PollInterval : remaining, time, cancellationToken);
            try
            {
                await wait.WaitAsync(remaining, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Looked at once more above, then answered as still running.
            }
        }
    }

    /// <summary>Records the first delivery's answer, or releases its claim when <paramref name="answer"/> is null (the turn failed).</summary>
    public async Task EndAsync(ActivityTurn turn, ActivityAnswer? answer)
    {
        if (turn.Kind != ActivityTurnKind.First || turn.Key is not { } key || turn.Claim is not { } claim)
        {
            return;
        }

        try
        {
            // Not the request's token: the answer must be recorded even when the caller has gone.
            if (answer is null)
            {
                await ledger.ReleaseAsync(key, claim, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await ledger.CompleteAsync(key, claim, answer, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Log.LedgerUnavailable(logger, e);
        }
        finally
        {
            if (_running.TryRemove(key.Hash, out var running))
            {
                running.TrySetResult();
            }
        }
    }
}

internal enum ActivityTurnKind
{
    /// <summary>No key, or the ledger is unreachable: run the turn without a record.</summary>
    Unguarded,

    /// <summary>This delivery holds the claim: run the turn, then <see cref="ActivityIdempotency.EndAsync"/>.</summary>
    First,

    /// <summary>A redelivery of an answered activity: send <see cref="ActivityTurn.Answer"/> again.</summary>
    Replay,

    /// <summary>A redelivery while the first delivery still runs after the wait: its answer is not known yet.</summary>
    StillRunning,
}

internal sealed record ActivityTurn(ActivityTurnKind Kind, ActivityKey? Key, string? Claim, ActivityAnswer? Answer)
{
    public static ActivityTurn Unguarded { get; } = new(ActivityTurnKind.Unguarded, null, null, null);
}
