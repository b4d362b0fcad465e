namespace HelpdeskBot.Tickets.Jira;

/// <summary>Settings of section <c>Tickets:Jira</c> (Jira Cloud / Jira Service Management, REST v3).</summary>
internal sealed class JiraOptions
{
    /// <summary>The site, e.g. https://contoso.atlassian.net/.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Atlassian account email of the API token's owner.</summary>
    public string? Email { get; set; }

    /// <summary>Atlassian API token. Secret.</summary>
    public string? ApiToken { get; set; }

    /// <summary>Project key, e.g. HELP.</summary>
    public string? ProjectKey { get; set; }

    /// <summary>Issue type name ("Task" exists in every project; JSM projects often use "Incident").</summary>
    public string IssueType { get; set; } = "Task";

    /// <summary>
    /// Use the enhanced search <c>POST /rest/api/3/search/jql</c> (true, Atlassian's replacement) or the
    /// older <c>POST /rest/api/3/search</c> (false, Jira Data Center-like installs).
    /// </summary>
    public bool UseEnhancedSearch { get; set; } = true;
}
