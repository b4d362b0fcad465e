using HelpdeskBot.Probes.Control;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Dns;
using HelpdeskBot.Probes.Fingerprints;
using HelpdeskBot.Probes.Http;
using HelpdeskBot.Probes.Safety;
using HelpdeskBot.Probes.Tcp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Probes;

public static class ProbesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDiagnoser"/> (singleton) and its parts, with <see cref="ProbesOptions"/> bound to the
    /// <c>Probes</c> section and validated at start. <see cref="IProbeRateLimiter"/> defaults to an in-memory one;
    /// register another before or after to share limits between instances.
    /// </summary>
    public static IServiceCollection AddHelpdeskBotProbes(this IServiceCollection services)
    {
        services.AddOptions<ProbesOptions>()
            .BindConfiguration(ProbesOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProbesOptions>, ProbesOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProbeRateLimiter, InMemoryProbeRateLimiter>();
        services.TryAddSingleton(sp => FingerprintCatalogue.Load(sp.GetRequiredService<IOptions<ProbesOptions>>().Value.FingerprintsFile));
        services.TryAddSingleton<AddressGuard>();
        services.TryAddSingleton<DnsProbe>();
        services.TryAddSingleton<TcpConnector>();
        services.TryAddSingleton<IConnectProbe>(sp => sp.GetRequiredService<TcpConnector>());
        services.TryAddSingleton<HttpProbe>();
        services.TryAddSingleton<ControlProbe>();
        services.TryAddSingleton<IDiagnoser, Diagnoser>();
        return services;
    }
}
