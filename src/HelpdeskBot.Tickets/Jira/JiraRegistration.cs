using HelpdeskBot.Tickets.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Jira;

internal static class JiraRegistration
{
    /// <summary>Jira Cloud REST v3 with an account email and API token (section <c>Tickets:Jira</c>).</summary>
    public static TicketProviders AddJira(this TicketProviders providers) => providers.Add(JiraTicketProvider.ProviderName, services =>
    {
        services.AddProviderOptions<JiraOptions, JiraOptionsValidator>(JiraTicketProvider.ProviderName);
        services.AddTicketHttpClient(JiraTicketProvider.ProviderName, sp => sp.GetRequiredService<IOptions<JiraOptions>>().Value.BaseUrl, sp =>
        {
            // Jira Cloud basic auth: account email + API token.
            var options = sp.GetRequiredService<IOptionsMonitor<JiraOptions>>();
            return new TicketAuthenticationHandler(() => TicketAuthenticationHandler.Basic(options.CurrentValue.Email ?? string.Empty, options.CurrentValue.ApiToken ?? string.Empty));
        });
        services.TryAddSingleton<ITicketProvider, JiraTicketProvider>();
    });
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
