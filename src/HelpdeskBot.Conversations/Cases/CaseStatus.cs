using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Conversations.Cases;

/// <summary>
/// Where a case stands (<see cref="CaseRecord.Status"/>). Stored as the lower-case name ("open", "resolved", …), as the
/// column always held (<see cref="CaseStatusNames"/>); every status but <see cref="Open"/> is closed.
/// </summary>
public enum CaseStatus
{
    Open,
    Resolved,
    Escalated,
    Abandoned,
    Cancelled,
}

/// <summary>The stored names of <see cref="CaseStatus"/>, and which statuses are closed.</summary>
public static class CaseStatusNames
{
    /// <summary>The statuses of a case that ended (the store's FindOpenAsync skips them; the dashboard counts them as outcomes).</summary>
    public static IReadOnlyList<CaseStatus> Closed { get; } = [CaseStatus.Resolved, CaseStatus.Escalated, CaseStatus.Abandoned, CaseStatus.Cancelled];

    public static bool IsClosed(this CaseStatus status) => status != CaseStatus.Open;

    /// <summary>
    /// The name in the store's <c>status</c> column and the <c>outcome</c> metric tag: "open", "resolved", … — the one
    /// naming rule of every stored enum (<see cref="WireNames"/>: kebab-case, lower case).
    /// </summary>
    public static string StoredName(this CaseStatus status) =>
        Enum.IsDefined(status) ? WireNames.Of(status) : throw new ArgumentOutOfRangeException(nameof(status), status, null);

    /// <summary>
    /// A stored status, in any letter case as older rows may have it; any other text reads as <see cref="CaseStatus.Open"/>,
    /// as the store has always treated it (only the closed names are excluded from FindOpenAsync).
    /// </summary>
    public static CaseStatus Parse(string? stored) => WireNames.Parse<CaseStatus>(stored?.Trim()) ?? CaseStatus.Open;

    internal static CaseStatus For(CasePhase phase) => phase switch
    {
        CasePhase.Resolved => CaseStatus.Resolved,
        CasePhase.Escalated => CaseStatus.Escalated,
        CasePhase.Abandoned => CaseStatus.Abandoned,
        CasePhase.Cancelled => CaseStatus.Cancelled,
        _ => CaseStatus.Open,
    };
}
