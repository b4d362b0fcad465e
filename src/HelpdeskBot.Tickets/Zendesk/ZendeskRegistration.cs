using HelpdeskBot.Tickets.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Zendesk;

internal static class ZendeskRegistration
{
    /// <summary>Zendesk Support API with an API token (section <c>Tickets:Zendesk</c>).</summary>
    public static TicketProviders AddZendesk(this TicketProviders providers) => providers.Add(ZendeskTicketProvider.ProviderName, services =>
    {
        services.AddProviderOptions<ZendeskOptions, ZendeskOptionsValidator>(ZendeskTicketProvider.ProviderName);
        services.AddTicketHttpClient(ZendeskTicketProvider.ProviderName, sp => sp.GetRequiredService<IOptions<ZendeskOptions>>().Value.BaseUrl, sp =>
        {
            // Zendesk API token auth: basic with "{email}/token" as user and the token as password.
            var options = sp.GetRequiredService<IOptionsMonitor<ZendeskOptions>>();
            return new TicketAuthenticationHandler(() => TicketAuthenticationHandler.Basic($"{options.CurrentValue.Email}/token", options.CurrentValue.ApiToken ?? string.Empty));
        });
        services.TryAddSingleton<ITicketProvider, ZendeskTicketProvider>();
    });
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
