namespace HelpdeskBot.Tickets.Zendesk;

/// <summary>Settings of section <c>Tickets:Zendesk</c> (Support tickets API v2).</summary>
public sealed class ZendeskOptions
{
    /// <summary>The account, e.g. https://contoso.zendesk.com/.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Agent email that owns the API token.</summary>
    public string? Email { get; set; }

    /// <summary>Zendesk API token. Secret.</summary>
    public string? ApiToken { get; set; }

    /// <summary>group_id to assign when set (numeric Zendesk group id).</summary>
    public long? GroupId { get; set; }
}
