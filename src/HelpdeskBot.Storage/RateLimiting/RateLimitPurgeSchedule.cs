namespace HelpdeskBot.Storage.RateLimiting;

/// <summary>
/// Expired windows are deleted by one acquisition in every <see cref="Interval"/>, so the table stays the
/// size of the live windows without a background job. 1024 keeps the purge under 0.1 % of acquisitions.
/// </summary>
internal sealed class RateLimitPurgeSchedule
{
    public const int Interval = 1024;
    private long _count;

    public bool IsDue() => Interlocked.Increment(ref _count) % Interval == 1;
}
