namespace HelpdeskBot.Conversations.Cases;

/// <summary>Values of <see cref="CaseRecord.Status"/>; the last four are closed (the store's FindOpenAsync skips them).</summary>
public static class CaseStatus
{
    public const string Open = "open";
    public const string Resolved = "resolved";
    public const string Escalated = "escalated";
    public const string Abandoned = "abandoned";
    public const string Cancelled = "cancelled";

    public static string For(CasePhase phase) => phase switch
    {
        CasePhase.Resolved => Resolved,
        CasePhase.Escalated => Escalated,
        CasePhase.Abandoned => Abandoned,
        CasePhase.Cancelled => Cancelled,
        _ => Open,
    };
}
