using HelpdeskBot.Tickets.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Webhook;

internal static class WebhookRegistration
{
    /// <summary>The generic signed JSON webhook (section <c>Tickets:Webhook</c>, docs/webhook.md).</summary>
    public static TicketProviders AddWebhook(this TicketProviders providers) => providers.Add(WebhookTicketProvider.ProviderName, services =>
    {
        services.AddProviderOptions<WebhookOptions, WebhookOptionsValidator>(WebhookTicketProvider.ProviderName);
        services.AddTicketHttpClient(WebhookTicketProvider.ProviderName, _ => null, sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<WebhookOptions>>();
            return new WebhookSigningHandler(() => options.CurrentValue.Secret, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<ITicketProvider, WebhookTicketProvider>();
    });
}

internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        TicketSettings.RequireUrl(errors, options.Url, "Tickets:Webhook:Url");
        if (string.IsNullOrEmpty(options.Secret) || options.Secret.Length < 32)
        {
            errors.Add("Tickets:Webhook:Secret is required and must be at least 32 characters.");
        }

        return TicketSettings.Result(errors);
    }
}
