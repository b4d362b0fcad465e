using HelpdeskBot.Tickets.Http;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Tests.AddedProvider;

internal static class DeskRegistration
{
    /// <summary>All the wiring the Desk provider needs, as each shipped HTTP provider's folder has it: options, validator, auth.</summary>
    public static TicketProviders AddDesk(this TicketProviders providers) =>
        providers.AddHttpProvider<DeskOptions, DeskOptionsValidator, DeskTicketProvider>(
            DeskTicketProvider.ProviderName,
            o => o.BaseUrl,
            (_, options) => new TicketAuthenticationHandler(() => TicketAuthenticationHandler.Bearer(options().ApiKey ?? string.Empty)));
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
