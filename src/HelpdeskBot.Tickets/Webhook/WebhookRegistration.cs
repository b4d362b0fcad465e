using HelpdeskBot.Tickets.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Webhook;

internal static class WebhookRegistration
{
    /// <summary>The generic signed JSON webhook (section <c>Tickets:Webhook</c>, docs/webhook.md); it posts to the full URL, so no base address.</summary>
    public static TicketProviders AddWebhook(this TicketProviders providers) =>
        providers.AddHttpProvider<WebhookOptions, WebhookOptionsValidator, WebhookTicketProvider>(
            WebhookTicketProvider.ProviderName,
            _ => null,
            (sp, options) => new WebhookSigningHandler(() => options().Secret, sp.GetRequiredService<TimeProvider>()));
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
