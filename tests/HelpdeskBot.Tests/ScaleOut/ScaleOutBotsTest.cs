using HelpdeskBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>Base of the tests on two whole bot hosts sharing a fresh PostgreSQL database (none outside CI without HB_TEST_POSTGRES).</summary>
public abstract class ScaleOutBotsTest : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    /// <summary>The two hosts, or null when PostgreSQL is not available (each test returns at its first line).</summary>
    internal ScaleOutBots? Bots { get; private set; }

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.TryCreateAsync("scale-out tests: two bot hosts on one PostgreSQL database");
        if (_database is not null)
        {
            Bots = await ScaleOutBots.StartAsync(_database.ConnectionString);
        }
    }

    public async Task DisposeAsync()
    {
        if (Bots is not null)
        {
            await Bots.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A service of host 0 or 1.</summary>
    protected T Store<T>(int host)
        where T : notnull => Bots!.Services(host).GetRequiredService<T>();
}
