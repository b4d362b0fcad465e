namespace HelpdeskBot.Storage.RateLimiting;

/// <summary>
/// Fixed-window counters keyed by string, shared by every instance that uses the same database: N instances
/// together admit at most <c>limit</c> acquisitions per key and window. Windows are aligned to the Unix epoch
/// (a 1-minute window runs from :00 to :00), so every instance agrees on the window of a given instant.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>
    /// Counts one acquisition of <paramref name="key"/> in the window containing <paramref name="now"/> when
    /// fewer than <paramref name="limit"/> were counted there; otherwise counts nothing and refuses.
    /// </summary>
    Task<RateLimitDecision> TryAcquireAsync(string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one acquisition of every key of <paramref name="keys"/> in the window containing <paramref name="now"/>,
    /// all or none, in one transaction (one write): when a key has reached its limit, none of them is counted.
    /// </summary>
    /// <returns>Null when every key was admitted and counted; else the index of the first key refused.</returns>
    Task<int?> TryAcquireAllAsync(IReadOnlyList<RateLimitKey> keys, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <param name="Key">The counter.</param>
/// <param name="Limit">Acquisitions it admits per window (0 refuses).</param>
public readonly record struct RateLimitKey(string Key, int Limit);

/// <param name="Acquired">True when this call was admitted (and counted).</param>
/// <param name="Count">Acquisitions counted in the current window, this one included when admitted.</param>
/// <param name="Limit">The limit that was applied.</param>
/// <param name="WindowEndsAt">When the current window ends and the count starts again from zero.</param>
public sealed record RateLimitDecision(bool Acquired, int Count, int Limit, DateTimeOffset WindowEndsAt)
{
    /// <summary>How long until a refused caller may try again (zero when admitted).</summary>
    public TimeSpan RetryAfter(DateTimeOffset now) => Acquired || WindowEndsAt <= now ? TimeSpan.Zero : WindowEndsAt - now;
}
