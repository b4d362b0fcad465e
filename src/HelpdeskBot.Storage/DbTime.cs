namespace HelpdeskBot.Storage;

/// <summary>
/// Instants as microseconds since the Unix epoch (UTC): SQLite's column type for every timestamp, and the
/// precision PostgreSQL's timestamptz keeps, so both engines round-trip the same values.
/// </summary>
internal static class DbTime
{
    public static long ToMicros(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicros(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + (micros * 10), TimeSpan.Zero);

    /// <summary>The value truncated to whole microseconds, in UTC: what PostgreSQL stores.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) => FromMicros(ToMicros(value));
}
