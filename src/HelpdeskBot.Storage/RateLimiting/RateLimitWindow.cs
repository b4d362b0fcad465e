namespace HelpdeskBot.Storage.RateLimiting;

/// <summary>Epoch-aligned fixed windows in microseconds, the unit both engines store.</summary>
internal readonly record struct RateLimitWindow(long StartMicros, long EndMicros)
{
    public static RateLimitWindow Containing(DateTimeOffset now, TimeSpan window)
    {
        var windowMicros = window.Ticks / 10;
        if (windowMicros <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be at least one microsecond.");
        }

        var nowMicros = DbTime.ToMicros(now);
        var start = nowMicros - (((nowMicros % windowMicros) + windowMicros) % windowMicros);
        return new RateLimitWindow(start, start + windowMicros);
    }

    public DateTimeOffset EndsAt => DbTime.FromMicros(EndMicros);

    public static void Validate(string key, int limit)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
    }
}
