using HelpdeskBot.Tickets.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tickets.Tests.Providers;

/// <summary>A container with just the ticket provider wired as production wires it, pointed at a fake.</summary>
internal static class ProviderServices
{
    public static ServiceProvider Build(FakeTicketSystem fake, TimeProvider time, IDictionary<string, string?>? extra = null, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>(fake.Settings)
        {
            // Contract tests want answers, not waits: no in-call retry delays.
            ["Tickets:Resilience:RetryDelay"] = "00:00:00",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(time);
        services.AddLogging(b => b.AddFakeLogging().SetMinimumLevel(LogLevel.Trace));
        configure?.Invoke(services);
        services.AddHelpdeskBotTickets(configuration);
        return services.BuildServiceProvider();
    }

    public static FakeLogCollector Logs(this IServiceProvider services) => services.GetRequiredService<FakeLogCollector>();

    /// <summary>Advances the fake clock in small steps until <paramref name="task"/> finishes (timers are created asynchronously).</summary>
    public static async Task<T> AdvanceUntilDoneAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step, TimeSpan max)
    {
        var advanced = TimeSpan.Zero;
        while (!task.IsCompleted && advanced <= max)
        {
            await Task.WhenAny(task, Task.Delay(5)).ConfigureAwait(false);
            time.Advance(step);
            advanced += step;
        }

        return await task.ConfigureAwait(false);
    }
}
