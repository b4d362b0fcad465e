using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Storage;
using HelpdeskBot.TicketDesk;
using HelpdeskBot.Tickets;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>
/// One bot instance as scale-out runs it: the production registrations of Storage (Provider=Postgres, its own
/// connection pool) and Tickets (webhook provider, its own outbox dispatcher with its own lease owner name)
/// on a shared database. The dispatcher's background loop is off; tests run its rounds, so a fake clock
/// decides when leases expire.
/// </summary>
internal sealed class ScaleOutHost : IAsyncDisposable
{
    private readonly IHost _host;
    private int _disposed;

    private ScaleOutHost(IHost host) => _host = host;

    public ICaseStore Cases => _host.Services.GetRequiredService<ICaseStore>();

    public IOutboxStore Outbox => _host.Services.GetRequiredService<IOutboxStore>();

    /// <summary>Writes the escalation's outbox row and wakes the dispatcher, as a case's escalation does (false: queued before).</summary>
    public async Task<bool> EnqueueAsync(EscalationRequest request, CancellationToken cancellationToken)
    {
        var added = await Outbox.EnqueueAsync(request, _host.Services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
        if (added)
        {
            _host.Services.GetRequiredService<IOutboxSignal>().Notify();
        }

        return added;
    }

    public OutboxDispatcher Dispatcher => _host.Services.GetRequiredService<OutboxDispatcher>();

    public static async Task<ScaleOutHost> StartAsync(string connectionString, Uri webhook, FakeTimeProvider time)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres:ConnectionString"] = connectionString,
            ["Tickets:Provider"] = "Webhook",
            ["Tickets:Webhook:Url"] = webhook.AbsoluteUri,
            ["Tickets:Webhook:Secret"] = "scale-out-test-secret-0123456789abcdef",
            ["Tickets:PublicBaseUrl"] = "https://bot.contoso.test/",
            ["Tickets:CorrelationWindow"] = "00:00:00",
            ["Tickets:Outbox:Enabled"] = "false",
            ["Tickets:Outbox:Lease"] = "00:02:00",
            ["Tickets:Resilience:MaxRetryAttempts"] = "0",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddHelpdeskBotStorage(builder.Configuration);
        builder.Services.AddHelpdeskBotTickets(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new ScaleOutHost(host);
    }

    /// <summary>Dispatch rounds until a round claims nothing (what the background loop does between waits).</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (await Dispatcher.DispatchDueAsync(cancellationToken) is var claimed and > 0)
        {
            total += claimed;
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _host.StopAsync();
            await ((IAsyncDisposable)_host).DisposeAsync();
        }
    }
}
