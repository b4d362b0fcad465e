using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HelpdeskBot.Conversations.Delivery;

internal static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// The durable delivery queue (<see cref="IDeliveryQueue"/>) and its dispatcher (a hosted service). Live card
    /// sources register themselves as <see cref="ILiveCardSource"/>; Storage provides <see cref="IDeliveryStore"/>.
    /// </summary>
    public static IServiceCollection AddHelpdeskBotDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DeliverySignal>();
        services.TryAddSingleton<DeliveryPacer>();
        services.TryAddSingleton<DeliverySender>();
        // Replaces any stand-in registered before (the durable queue always wins).
        services.Replace(ServiceDescriptor.Singleton<IDeliveryQueue, DeliveryQueue>());
        services.TryAddSingleton<DeliveryDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryDispatcher>());
        return services;
    }
}
