namespace HelpdeskBot.Conversations.Flow;

/// <summary>Action.Execute verbs of the troubleshooting cards and the keys of their data.</summary>
internal static class Verbs
{
    public const string Answer = "case.answer";
    public const string Recheck = "case.recheck";
    public const string Escalate = "case.escalate";
    public const string Platform = "case.platform";
    public const string Target = "case.target";
    public const string Rate = "case.rate";
    public const string Resume = "case.resume";
    public const string Refresh = "case.refresh";
    public const string Cancel = "case.cancel";
    public const string StillBroken = "case.stillBroken";
    public const string FollowFix = "case.followFix";

    public const string CaseIdKey = "caseId";

    /// <summary>The case version the card was rendered at: a click on an older card is stale.</summary>
    public const string VersionKey = "v";
    public const string StepKey = "step";
    public const string AnswerKey = "answer";
    public const string RatingKey = "rating";

    /// <summary>Input ids on cards.</summary>
    public const string PlatformInput = "platform";
    public const string TargetInput = "target";
}
