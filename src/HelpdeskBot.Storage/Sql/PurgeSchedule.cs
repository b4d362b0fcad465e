namespace HelpdeskBot.Storage.Sql;

/// <summary>
/// Expired rows of a table are deleted by one write in every <see cref="Interval"/>, so the table stays the size
/// of its live rows without a background job. 1024 keeps the purge under 0.1 % of writes.
/// </summary>
internal sealed class PurgeSchedule
{
    public const int Interval = 1024;
    private long _count;

    public bool IsDue() => Interlocked.Increment(ref _count) % Interval == 1;
}
