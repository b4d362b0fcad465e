namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>Thrown at start-up when runbooks are invalid; lists every problem with file and line.</summary>
public sealed class RunbookValidationException(IReadOnlyList<RunbookError> errors)
    : Exception("Runbooks are invalid:\n" + string.Join('\n', errors))
{
    public IReadOnlyList<RunbookError> Errors { get; } = errors;
}
