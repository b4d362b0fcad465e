namespace HelpdeskBot.Tickets.Dispatching;

/// <summary>When store-backed dispatchers (the ticket outbox, the Teams deliveries) try again and wake up.</summary>
public static class DispatchTiming
{
    /// <summary><paramref name="first"/> · 2^attempts, capped at <paramref name="max"/>, ±20 % jitter; never sooner than <paramref name="retryAfter"/>.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan first, TimeSpan max, TimeSpan? retryAfter)
    {
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Min(attempts, 30));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        var jittered = TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * Random.Shared.NextDouble())));
        return retryAfter is { } wait && wait > jittered ? wait : jittered;
    }

    /// <summary>Until <paramref name="delay"/> passes on <paramref name="time"/> (fake-clock friendly) or <paramref name="signal"/> completes.</summary>
    public static async Task SignalOrDelayAsync(Func<CancellationToken, Task> signal, TimeSpan delay, TimeProvider time, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var signalled = signal(cts.Token);
        var delayed = Task.Delay(delay, time, cts.Token);
        await Task.WhenAny(signalled, delayed).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(signalled, delayed).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loser of the race was cancelled on purpose.
        }
    }
}
