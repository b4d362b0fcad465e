using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Http;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Jira;
using HelpdeskBot.Tickets.Outbox;
using HelpdeskBot.Tickets.ServiceNow;
using HelpdeskBot.Tickets.Webhook;
using HelpdeskBot.Tickets.Zendesk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets;

public static class TicketsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ticket provider chosen by <c>Tickets:Provider</c> (with its HttpClient, auth and
    /// resilience), the outbox dispatcher, <see cref="IEscalationQueue"/>, <see cref="IOutboxSignal"/>,
    /// <see cref="OutboxAdmin"/>, <see cref="ITicketStatusReader"/> and a logging <see cref="IEscalationNotifier"/> unless one is registered.
    /// The stores (<see cref="IOutboxStore"/>, <see cref="IEmbeddedTicketStore"/>, <see cref="Incidents.IIncidentStore"/>) come from Storage.
    /// </summary>
    public static IServiceCollection AddHelpdeskBotTickets(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TicketsOptions>().BindConfiguration(TicketsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TicketsOptions>, TicketsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEscalationNotifier, LoggingEscalationNotifier>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<OutboxSignal>());
        services.TryAddSingleton<IEscalationQueue, EscalationQueue>();
        services.TryAddSingleton<OutboxAdmin>();
        services.TryAddSingleton<EscalationSender>();
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddSingleton<ITicketStatusReader, TicketStatusReader>();
        services.TryAddSingleton<WebhookStatusCallback>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());

        switch (ProviderKind(configuration))
        {
            case TicketProviderKind.ServiceNow:
                services.AddTicketHttpClient(ServiceNowTicketProvider.ProviderName, o => o.ServiceNow.BaseUrl, sp =>
                {
                    var options = sp.GetRequiredService<IOptionsMonitor<TicketsOptions>>();
                    return new TicketAuthenticationHandler(() => options.CurrentValue.ServiceNow is { BearerToken: { Length: > 0 } token }
                        ? TicketAuthenticationHandler.Bearer(token)
                        : TicketAuthenticationHandler.Basic(options.CurrentValue.ServiceNow.Username ?? string.Empty, options.CurrentValue.ServiceNow.Password ?? string.Empty));
                });
                services.TryAddSingleton<ITicketProvider, ServiceNowTicketProvider>();
                break;
            case TicketProviderKind.Jira:
                services.AddTicketHttpClient(JiraTicketProvider.ProviderName, o => o.Jira.BaseUrl, sp =>
                {
                    // Jira Cloud basic auth: account email + API token.
                    var options = sp.GetRequiredService<IOptionsMonitor<TicketsOptions>>();
                    return new TicketAuthenticationHandler(() => TicketAuthenticationHandler.Basic(options.CurrentValue.Jira.Email ?? string.Empty, options.CurrentValue.Jira.ApiToken ?? string.Empty));
                });
                services.TryAddSingleton<ITicketProvider, JiraTicketProvider>();
                break;
            case TicketProviderKind.Zendesk:
                services.AddTicketHttpClient(ZendeskTicketProvider.ProviderName, o => o.Zendesk.BaseUrl, sp =>
                {
                    // Zendesk API token auth: basic with "{email}/token" as user and the token as password.
                    var options = sp.GetRequiredService<IOptionsMonitor<TicketsOptions>>();
                    return new TicketAuthenticationHandler(() => TicketAuthenticationHandler.Basic($"{options.CurrentValue.Zendesk.Email}/token", options.CurrentValue.Zendesk.ApiToken ?? string.Empty));
                });
                services.TryAddSingleton<ITicketProvider, ZendeskTicketProvider>();
                break;
            case TicketProviderKind.Webhook:
                services.AddTicketHttpClient(WebhookTicketProvider.ProviderName, _ => null, sp =>
                {
                    var options = sp.GetRequiredService<IOptionsMonitor<TicketsOptions>>();
                    return new WebhookSigningHandler(() => options.CurrentValue.Webhook.Secret, sp.GetRequiredService<TimeProvider>());
                });
                services.TryAddSingleton<ITicketProvider, WebhookTicketProvider>();
                break;
            default:
                services.TryAddSingleton<ITicketProvider, EmbeddedTicketProvider>();
                break;
        }

        return services;
    }

    private static TicketProviderKind ProviderKind(IConfiguration configuration)
    {
        var value = configuration[$"{TicketsOptions.Section}:{nameof(TicketsOptions.Provider)}"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return TicketProviderKind.Embedded;
        }

        // An unknown name registers the embedded provider here; binding TicketsOptions reports it at start-up
        // with every other setting to fix, instead of stopping the wiring at the first one.
        return Enum.TryParse<TicketProviderKind>(value, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : TicketProviderKind.Embedded;
    }
}
