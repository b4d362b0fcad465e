using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>
/// The 5,000-pending-diagnoses restart on PostgreSQL with two instances: both stop mid-burst, both start again and
/// claim from the same store (SKIP LOCKED leases), and every pending diagnosis runs on exactly one of them, once.
/// </summary>
public sealed class ScaleOutPendingDiagnosesTests : IAsyncLifetime
{
    // Deliveries off: this is about diagnoses (5,000 cards paced at 50/s would only slow the machine).
    private static readonly Dictionary<string, string?> Settings = new() { ["Delivery:Enabled"] = "false" };
    private PostgresTestDatabase? _database;

    public async ValueTask InitializeAsync() =>
        _database = await PostgresTestDatabase.CreateAsync("scale-out tests: two bot hosts on one PostgreSQL database");

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_instances_restarted_with_five_thousand_pending_diagnoses_share_them_and_run_each_once()
    {
        Assert.NotNull(_database);

        // Both instances running, each with a diagnoser that holds every run (they stop before any ends).
        GatedDiagnoser[] held = [new(), new()];
        CaseRecord template;
        await using (var bots = await ScaleOutBots.StartAsync(_database.ConnectionString, Settings, (i, s) => s.AddSingleton<IDiagnoser>(held[i])))
        {
            await bots.PostAsync(0, bots.Message("I'm getting a 502 on https://wiki.contoso.com", "29:alex", "a:personal-alex"));
            var cases = bots.Services(0).GetRequiredService<ICaseStore>();
            template = Assert.Single(await cases.ListByUserAsync("29:alex", 10, default));

            // 4,999 more as a burst leaves them; each instance claims up to its concurrency (16) and holds those runs.
            await PendingBurst.SeedAsync(cases, template);
            Assert.InRange(held[0].Calls + held[1].Calls, 1, 32);
        }

        // Both start again with diagnosers that answer: the interrupted runs were given back, and the two share the rest.
        GatedDiagnoser[] open = [new(open: true), new(open: true)];
        await using (var bots = await ScaleOutBots.StartAsync(_database.ConnectionString, Settings, (i, s) => s.AddSingleton<IDiagnoser>(open[i])))
        {
            await PendingBurst.AssertEachDiagnosedOnceAsync(bots.Services(1).GetRequiredService<ICaseStore>(), template);
            Assert.True(open[0].Calls > 0 && open[1].Calls > 0, $"both instances claim: {open[0].Calls} and {open[1].Calls} runs");

            // Runs about one target are shared within an instance: fewer runs than cases, even counted over both.
            Assert.InRange(open[0].Calls + open[1].Calls, PendingBurst.Targets + 1, PendingBurst.Pending);
        }
    }
}
