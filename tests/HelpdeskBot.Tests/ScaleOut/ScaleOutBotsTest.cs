using HelpdeskBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>Base of the tests on two whole bot hosts sharing a fresh PostgreSQL database (skipped without HB_TEST_POSTGRES, failed under CI=true).</summary>
public abstract class ScaleOutBotsTest : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    /// <summary>Extra configuration of both hosts (none by default).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>The two hosts.</summary>
    internal ScaleOutBots Bots { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("scale-out tests: two bot hosts on one PostgreSQL database");
        await StartingAsync();
        Bots = await ScaleOutBots.StartAsync(_database.ConnectionString, Settings);
    }

    /// <summary>Runs before the hosts start (they read their options, such as the probes' allowed ports, then).</summary>
    protected virtual Task StartingAsync() => Task.CompletedTask;

    /// <summary>Runs after the hosts stopped.</summary>
    protected virtual Task StoppedAsync() => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (Bots is not null) // null when the start failed or skipped the test
        {
            await Bots.DisposeAsync();
            await StoppedAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A service of host 0 or 1.</summary>
    protected T Store<T>(int host)
        where T : notnull => Bots.Services(host).GetRequiredService<T>();

    /// <summary>Waits (bounded by <paramref name="patience"/>, real time) until <paramref name="done"/> holds for the connector's requests.</summary>
    /// <param name="describe">More to say when it times out (the requests are listed anyway).</param>
    protected async Task WaitAsync(Func<IReadOnlyList<ConnectorRequest>, bool> done, string what, TimeSpan patience, Func<Task<string>>? describe = null)
    {
        using var deadline = new CancellationTokenSource(patience, TimeProvider.System);
        while (true)
        {
            // Counted before the check: a request arriving between the check and the count would be waited past.
            var seen = Bots.Connector.Requests.Count;
            if (done(Bots.Connector.Requests))
            {
                return;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}." + (describe is null ? string.Empty : "\n" + await describe())
                    + "\nRequests:\n" + string.Join('\n', Bots.Connector.Requests.Select(r => $"{r.Status} {r.Method} {r.Path} {(string?)r.Card?["fallbackText"] ?? r.Text}")));
            }

            try
            {
                await Bots.Connector.WaitForRequestsAsync(seen + 1, TimeSpan.FromSeconds(1));
            }
            catch (OperationCanceledException)
            {
                // nothing new within a second: look again until the deadline
            }
        }
    }
}
