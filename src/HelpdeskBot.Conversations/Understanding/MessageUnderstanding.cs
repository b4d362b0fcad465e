using HelpdeskBot.Conversations.Catalog;

namespace HelpdeskBot.Conversations.Understanding;

/// <summary>The parse of one user message.</summary>
/// <param name="Target">Host or URL to probe (from a link, a host name or the service catalogue); null when none.</param>
/// <param name="Service">The catalogue entry the target belongs to, if any.</param>
/// <param name="Text">The message as plain text (HTML and @mentions removed).</param>
public sealed record MessageUnderstanding(
    Intent Intent,
    ProblemKind Problem,
    int? StatusCode,
    string? Target,
    ServiceEntry? Service,
    ReportScope Scope,
    string Text)
{
    /// <summary>A report that names no target and is not about every site: the bot must ask which site.</summary>
    public bool NeedsTarget => Intent == Intent.Report && Target is null && Scope != ReportScope.AllSites;
}
