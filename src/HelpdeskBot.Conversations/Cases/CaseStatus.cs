namespace HelpdeskBot.Conversations.Cases;

/// <summary>Values of <see cref="CaseRecord.Status"/>; the last four are closed (the store's FindOpenAsync skips them).</summary>
public static class CaseStatus
{
    public const string Open = "open";
    public const string Resolved = "resolved";
    public const string Escalated = "escalated";
    public const string Abandoned = "abandoned";
    public const string Cancelled = "cancelled";

    /// <summary>The statuses of a case that ended (the store's FindOpenAsync skips them; the dashboard counts them as outcomes).</summary>
    public static IReadOnlyList<string> Closed { get; } = [Resolved, Escalated, Abandoned, Cancelled];

    /// <summary>True when <paramref name="status"/> is one of <see cref="Closed"/> (case-insensitive, as stored rows may differ in case).</summary>
    public static bool IsClosed(string? status) => Closed.Any(c => string.Equals(c, status, StringComparison.OrdinalIgnoreCase));

    public static string For(CasePhase phase) => phase switch
    {
        CasePhase.Resolved => Resolved,
        CasePhase.Escalated => Escalated,
        CasePhase.Abandoned => Abandoned,
        CasePhase.Cancelled => Cancelled,
        _ => Open,
    };
}
