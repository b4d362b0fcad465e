using HelpdeskBot.Conversations.Cases;

namespace HelpdeskBot.Storage;

/// <summary>Case statuses the store treats as closed (<c>FindOpenAsync</c> skips them); any other status is open.</summary>
internal static class CaseStatuses
{
    /// <summary>
    /// For SQL: <c>status NOT IN (…)</c>, the stored names of <see cref="CaseStatusNames.Closed"/> (names of our own enum, so
    /// inlining them is safe).
    /// </summary>
    public static readonly string ClosedSqlList = string.Join(", ", CaseStatusNames.Closed.Select(s => $"'{s.StoredName()}'"));
}
