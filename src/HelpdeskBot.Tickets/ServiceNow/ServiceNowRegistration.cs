using HelpdeskBot.Tickets.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.ServiceNow;

internal static class ServiceNowRegistration
{
    /// <summary>ServiceNow's Table API with basic authentication or an OAuth bearer token (section <c>Tickets:ServiceNow</c>).</summary>
    public static TicketProviders AddServiceNow(this TicketProviders providers) => providers.Add(ServiceNowTicketProvider.ProviderName, services =>
    {
        services.AddProviderOptions<ServiceNowOptions, ServiceNowOptionsValidator>(ServiceNowTicketProvider.ProviderName);
        services.AddTicketHttpClient(ServiceNowTicketProvider.ProviderName, sp => sp.GetRequiredService<IOptions<ServiceNowOptions>>().Value.BaseUrl, sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<ServiceNowOptions>>();
            return new TicketAuthenticationHandler(() => options.CurrentValue is { BearerToken: { Length: > 0 } token }
                ? TicketAuthenticationHandler.Bearer(token)
                : TicketAuthenticationHandler.Basic(options.CurrentValue.Username ?? string.Empty, options.CurrentValue.Password ?? string.Empty));
        });
        services.TryAddSingleton<ITicketProvider, ServiceNowTicketProvider>();
    });
}

internal sealed class ServiceNowOptionsValidator : IValidateOptions<ServiceNowOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceNowOptions options)
    {
        var errors = new List<string>();
        TicketSettings.RequireUrl(errors, options.BaseUrl, "Tickets:ServiceNow:BaseUrl");
        if (string.IsNullOrWhiteSpace(options.BearerToken) && (string.IsNullOrWhiteSpace(options.Username) || string.IsNullOrWhiteSpace(options.Password)))
        {
            errors.Add("Tickets:ServiceNow needs Username and Password (basic authentication) or BearerToken (OAuth).");
        }

        TicketSettings.Require(errors, options.Table, "Tickets:ServiceNow:Table");
        return TicketSettings.Result(errors);
    }
}
