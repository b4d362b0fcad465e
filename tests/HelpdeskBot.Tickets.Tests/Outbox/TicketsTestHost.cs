using HelpdeskBot.Storage;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tickets.Tests.Outbox;

/// <summary>
/// A host with the real SQLite stores (a file per test, reopened by a second host to simulate a restart), the
/// ticket registration as production has it, a fake clock, captured logs and a recording notifier.
/// </summary>
internal sealed class TicketsTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _disposed;

    private TicketsTestHost(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public OutboxDispatcher Dispatcher => Services.GetRequiredService<OutboxDispatcher>();

    /// <summary>Writes the escalation's outbox row and wakes the dispatcher, as a case's escalation does (false: queued before).</summary>
    public async Task<bool> EnqueueAsync(EscalationRequest request, CancellationToken cancellationToken)
    {
        var added = await Outbox.EnqueueAsync(request, Services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
        if (added)
        {
            Services.GetRequiredService<IOutboxSignal>().Notify();
        }

        return added;
    }

    public IOutboxStore Outbox => Services.GetRequiredService<IOutboxStore>();

    public IIncidentStore Incidents => Services.GetRequiredService<IIncidentStore>();

    public IEmbeddedTicketStore EmbeddedTickets => Services.GetRequiredService<IEmbeddedTicketStore>();

    public RecordingNotifier Notifier => (RecordingNotifier)Services.GetRequiredService<IEscalationNotifier>();

    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), "hb-tickets-tests", Guid.NewGuid().ToString("N") + ".db");

    public static async Task<TicketsTestHost> StartAsync(string databasePath, FakeTimeProvider time, IReadOnlyDictionary<string, string?>? providerSettings = null, bool runDispatcher = false, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = databasePath,
            ["Tickets:Outbox:Enabled"] = runDispatcher ? "true" : "false",
            // The outbox does the retrying in these tests; in-call retries would wait on the fake clock.
            ["Tickets:Resilience:MaxRetryAttempts"] = "0",
            ["Tickets:Outbox:RetryDelay"] = "00:00:15",
            ["Tickets:PublicBaseUrl"] = "https://bot.contoso.test/",
        };
        foreach (var (key, value) in (providerSettings ?? new Dictionary<string, string?>()).Concat(extra ?? new Dictionary<string, string?>()))
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddFakeLogging().SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IEscalationNotifier, RecordingNotifier>();
        builder.Services.AddHelpdeskBotStorage(builder.Configuration);
        builder.Services.AddHelpdeskBotTickets(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new TicketsTestHost(host);
    }

    /// <summary>Runs dispatch rounds until nothing is due now.</summary>
    public async Task DrainDueAsync()
    {
        while (await Dispatcher.DispatchDueAsync(CancellationToken.None) > 0)
        {
        }
    }

    public async Task<IReadOnlyDictionary<OutboxState, int>> CountsAsync() => await Outbox.CountByStateAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _host.StopAsync();
        _host.Dispose();
    }
}
