using HelpdeskBot.Tickets.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Tests.AddedProvider;

internal static class DeskRegistration
{
    /// <summary>All the wiring the Desk provider needs, as each shipped provider's folder has it.</summary>
    public static TicketProviders AddDesk(this TicketProviders providers) => providers.Add(DeskTicketProvider.ProviderName, services =>
    {
        services.AddProviderOptions<DeskOptions, DeskOptionsValidator>(DeskTicketProvider.ProviderName);
        services.AddTicketHttpClient(DeskTicketProvider.ProviderName, sp => sp.GetRequiredService<IOptions<DeskOptions>>().Value.BaseUrl, sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<DeskOptions>>();
            return new TicketAuthenticationHandler(() => TicketAuthenticationHandler.Bearer(options.CurrentValue.ApiKey ?? string.Empty));
        });
        services.TryAddSingleton<ITicketProvider, DeskTicketProvider>();
    });
}

internal sealed class DeskOptionsValidator : IValidateOptions<DeskOptions>
{
    public ValidateOptionsResult Validate(string? name, DeskOptions options)
    {
        var errors = new List<string>();
        TicketSettings.RequireUrl(errors, options.BaseUrl, "Tickets:Desk:BaseUrl");
        TicketSettings.Require(errors, options.ApiKey, "Tickets:Desk:ApiKey");
        return TicketSettings.Result(errors);
    }
}
