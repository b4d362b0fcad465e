using HelpdeskBot.Probes;
using HelpdeskBot.Probes.Diagnosis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Probes.Tests.Fixtures;

/// <summary>
/// Builds the real probes through <c>AddHelpdeskBotProbes</c>. Network safety: public resolvers are always
/// replaced (by the test's DNS fixture or by none) and the system resolver points at loopback, so no test sends a
/// DNS query off the machine. Loopback is allow-listed only when the test says so.
/// </summary>
internal static class ProbeHost
{
    /// <summary>A closed loopback UDP port: a system resolver that never answers (used when a test has no DNS fixture).</summary>
    public const string NoResolver = "127.0.0.1:9";

    /// <param name="logs">Receives every log entry from Debug up (null: the default providers).</param>
    /// <param name="replace">Replaces a part of the probes after they are added (a part that fails on purpose).</param>
    public static ServiceProvider Build(Action<ProbesOptions>? configure = null, bool allowLoopback = true, TimeProvider? time = null, ILoggerProvider? logs = null, Action<IServiceCollection>? replace = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            if (logs is not null)
            {
                b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
            }
        });
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddHelpdeskBotProbes();
        replace?.Invoke(services);
        services.Configure<ProbesOptions>(o =>
        {
            o.Resolvers = [];
            o.SystemResolver = NoResolver;
            o.DnsTimeout = TimeSpan.FromSeconds(2);
            o.PerUserPerMinute = 0;
            o.PerTargetPerMinute = 0;
            if (allowLoopback)
            {
                o.AllowedNetworks = ["127.0.0.0/8"];
            }

            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<ProbesOptions>>().Value; // validates
        return provider;
    }

    public static IDiagnoser Diagnoser(this ServiceProvider provider) => provider.GetRequiredService<IDiagnoser>();

    public static Task<HelpdeskBot.Probes.Diagnosis.Diagnosis> DiagnoseAsync(this ServiceProvider provider, string target, int? attempts = null, string? requester = null) =>
        provider.Diagnoser().DiagnoseAsync(new DiagnosisRequest(target, requester, attempts), null, CancellationToken.None);
}
