using HelpdeskBot.Conversations.Catalog;

namespace HelpdeskBot.Conversations.Understanding;

/// <summary>The parse of one user message.</summary>
/// <param name="Target">Host or URL to probe (from a link, a host name or the service catalogue); null when none.</param>
/// <param name="Service">The catalogue entry the target belongs to, if any.</param>
/// <param name="Text">The message as plain text (HTML and @mentions removed).</param>
internal sealed record MessageUnderstanding(
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

    /// <summary>
    /// The product a pasted error page or the report names ("nginx", "Cloudflare"), in the probes' fingerprint
    /// catalogue's words: a hint kept on the case. Null when none is named.
    /// </summary>
    public string? ReportedProduct { get; init; }

    /// <summary>
    /// With <see cref="Intent.None"/>: the message is nothing but a site ("wiki.contoso.com", "the HR portal please"),
    /// the answer to "which site?" or a request to check it. A sentence that merely mentions a site is not.
    /// </summary>
    public bool TargetOnly { get; init; }

    /// <summary>Whether the bot starts a troubleshooting flow for this message on its own (a report, or a bare site to check).</summary>
    public bool StartsFlow => Intent == Intent.Report || (Intent == Intent.None && TargetOnly);
}
