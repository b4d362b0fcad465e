namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>Texts a runbook lacks in a language that may be partial (not in <c>Runbooks:Languages</c>): they show in English.</summary>
/// <param name="File">The language file, or the runbook when the language has none.</param>
/// <param name="Missing">What is missing ("step 'scope' has no French (fr) title"), or "every text".</param>
public sealed record RunbookFallback(string File, string Language, IReadOnlyList<string> Missing);
