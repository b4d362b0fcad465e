using HelpdeskBot.Tickets.Http;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Zendesk;

internal static class ZendeskRegistration
{
    /// <summary>Zendesk Support API with an API token: basic auth with "{email}/token" as user and the token as password (section <c>Tickets:Zendesk</c>).</summary>
    public static TicketProviders AddZendesk(this TicketProviders providers) =>
        providers.AddHttpProvider<ZendeskOptions, ZendeskOptionsValidator, ZendeskTicketProvider>(
            ZendeskTicketProvider.ProviderName,
            o => o.BaseUrl,
            (_, options) => new TicketAuthenticationHandler(() => TicketAuthenticationHandler.Basic($"{options().Email}/token", options().ApiToken ?? string.Empty)));
}

internal sealed class ZendeskOptionsValidator : IValidateOptions<ZendeskOptions>
{
    public ValidateOptionsResult Validate(string? name, ZendeskOptions options)
    {
        var errors = new List<string>();
        TicketSettings.RequireUrl(errors, options.BaseUrl, "Tickets:Zendesk:BaseUrl");
        TicketSettings.Require(errors, options.Email, "Tickets:Zendesk:Email");
        TicketSettings.Require(errors, options.ApiToken, "Tickets:Zendesk:ApiToken");
        return TicketSettings.Result(errors);
    }
}
