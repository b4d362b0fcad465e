using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Embedded;

internal static class EmbeddedRegistration
{
    /// <summary>Tickets in the bot's own store (section <c>Tickets:Embedded</c>); the store comes from Storage.</summary>
    public static TicketProviders AddEmbedded(this TicketProviders providers) => providers.Add(EmbeddedTicketProvider.ProviderName, services =>
    {
        // Data annotations are the whole check (the prefix's pattern).
        services.AddOptions<EmbeddedOptions>().BindConfiguration($"{TicketsOptions.Section}:{EmbeddedTicketProvider.ProviderName}").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ITicketProvider, EmbeddedTicketProvider>();
    });
}
