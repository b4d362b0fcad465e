namespace HelpdeskBot.Storage;

/// <summary>Case statuses the store treats as closed (<c>FindOpenAsync</c> skips them); any other status is open.</summary>
internal static class CaseStatuses
{
    /// <summary>For SQL: <c>status NOT IN (…)</c>.</summary>
    public const string ClosedSqlList = "'resolved', 'escalated', 'abandoned', 'cancelled'";
}
