using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Http;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Jira;
using HelpdeskBot.Tickets.Localization;
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
    /// Registers the ticket provider chosen by <c>Tickets:Provider</c> among the built-in ones and those
    /// <paramref name="moreProviders"/> adds (each registers its own options, validator, HttpClient with auth and
    /// resilience, and <see cref="ITicketProvider"/> from its folder), the outbox dispatcher,
    /// <see cref="IOutboxSignal"/>, <see cref="OutboxAdmin"/>, <see cref="ITicketStatusReader"/> and a logging
    /// <see cref="IEscalationNotifier"/> unless one is registered. The stores (<see cref="IOutboxStore"/>,
    /// <see cref="IEmbeddedTicketStore"/>, <see cref="Incidents.IIncidentStore"/>) come from Storage.
    /// </summary>
    public static IServiceCollection AddHelpdeskBotTickets(this IServiceCollection services, IConfiguration configuration, Action<TicketProviders>? moreProviders = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // The first is the default (Tickets:Provider not set).
        var providers = new TicketProviders().AddEmbedded().AddServiceNow().AddJira().AddZendesk().AddWebhook();
        moreProviders?.Invoke(providers);
        services.AddSingleton(providers);
        services.AddOptions<TicketsOptions>().BindConfiguration(TicketsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TicketsOptions>, TicketsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // The help desk's language (Tickets:Language, checked at start-up): the ticket here, the channel's cards in Conversations.
        services.TryAddSingleton(sp => DeskTexts.For(sp.GetRequiredService<IOptions<TicketsOptions>>().Value.Language));
        services.TryAddSingleton<IEscalationNotifier, LoggingEscalationNotifier>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<OutboxSignal>());
        services.TryAddSingleton<OutboxAdmin>();
        services.TryAddSingleton<EscalationSender>();
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddSingleton<ITicketStatusReader, TicketStatusReader>();
        services.TryAddSingleton<WebhookStatusCallback>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());

        // An unknown name registers the default provider here; TicketsOptionsValidator reports it at start-up with
        // every other setting to fix, instead of stopping the wiring at the first one.
        var chosen = providers.Find(configuration[$"{TicketsOptions.Section}:{nameof(TicketsOptions.Provider)}"]) ?? providers.Names[0];
        providers.Register(chosen, services);
        return services;
    }
}
