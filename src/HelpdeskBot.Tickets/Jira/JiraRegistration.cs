using HelpdeskBot.Tickets.Http;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Jira;

internal static class JiraRegistration
{
    /// <summary>Jira Cloud REST v3 with an account email and API token (basic auth; section <c>Tickets:Jira</c>).</summary>
    public static TicketProviders AddJira(this TicketProviders providers) =>
        providers.AddHttpProvider<JiraOptions, JiraOptionsValidator, JiraTicketProvider>(
            JiraTicketProvider.ProviderName,
            o => o.BaseUrl,
            (_, options) => new TicketAuthenticationHandler(() => TicketAuthenticationHandler.Basic(options().Email ?? string.Empty, options().ApiToken ?? string.Empty)));
}

internal sealed class JiraOptionsValidator : IValidateOptions<JiraOptions>
{
    public ValidateOptionsResult Validate(string? name, JiraOptions options)
    {
        var errors = new List<string>();
        TicketSettings.RequireUrl(errors, options.BaseUrl, "Tickets:Jira:BaseUrl");
        TicketSettings.Require(errors, options.Email, "Tickets:Jira:Email");
        TicketSettings.Require(errors, options.ApiToken, "Tickets:Jira:ApiToken");
        TicketSettings.Require(errors, options.ProjectKey, "Tickets:Jira:ProjectKey");
        TicketSettings.Require(errors, options.IssueType, "Tickets:Jira:IssueType");
        return TicketSettings.Result(errors);
    }
}
