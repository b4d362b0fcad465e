namespace HelpdeskBot.Tickets.ServiceNow;

/// <summary>Settings of section <c>Tickets:ServiceNow</c> (Table API, incident table).</summary>
public sealed class ServiceNowOptions
{
    /// <summary>The instance, e.g. https://contoso.service-now.com/.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Basic authentication (an integration user with the itil / rest_api roles).</summary>
    public string? Username { get; set; }

    /// <summary>Secret: from the environment, user secrets or a Key Vault reference, never a committed file.</summary>
    public string? Password { get; set; }

    /// <summary>OAuth access token, used instead of basic authentication when set. Secret.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Table of the records (incident).</summary>
    public string Table { get; set; } = "incident";

    /// <summary>assignment_group when the service catalogue names none.</summary>
    public string? DefaultAssignmentGroup { get; set; }

    /// <summary>caller_id to set (a sys_user name or sys_id), e.g. the integration user.</summary>
    public string? CallerId { get; set; }
}
