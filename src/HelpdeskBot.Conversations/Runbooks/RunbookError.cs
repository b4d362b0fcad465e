namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>One problem in a runbook file, located for the person who edits it.</summary>
public sealed record RunbookError(string File, int Line, string Problem)
{
    public override string ToString() => $"{File}:{Line}: {Problem}";
}
