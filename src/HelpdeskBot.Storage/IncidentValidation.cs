namespace HelpdeskBot.Storage;

internal static class IncidentValidation
{
    public static void ForJoin(string targetKey, string reporterId, string reporterName, string escalationId, TimeSpan window)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetKey);
        ArgumentException.ThrowIfNullOrEmpty(reporterId);
        ArgumentNullException.ThrowIfNull(reporterName);
        ArgumentException.ThrowIfNullOrEmpty(escalationId);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
    }

    /// <summary>Time-ordered ids (UUIDv7) sort by creation in both engines.</summary>
    public static string NewIncidentId() => Guid.CreateVersion7().ToString("N");
}
