using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Probes.Diagnosis;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.Conversations;

/// <summary>
/// Pending diagnoses wait in the store, not in memory: a process that stops with thousands of them (a burst it could
/// not finish) leaves every one to the next start, which runs them all, once each, sharing runs per target.
/// </summary>
public sealed class PendingDiagnosesRestartTests : IAsyncLifetime
{
    private readonly GatedDiagnoser _diagnoser = new();
    private ConversationHost _host = null!;

    public async ValueTask InitializeAsync() =>
        // Deliveries off: this is about diagnoses (5,000 cards paced at 50/s would only slow the machine).
        _host = await ConversationHost.StartAsync(null, new Dictionary<string, string?> { ["Delivery:Enabled"] = "false" }, s => s.AddSingleton<IDiagnoser>(_diagnoser));

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private ICaseStore Cases => _host.Services.GetRequiredService<ICaseStore>();

    [Fact]
    public async Task A_restart_with_five_thousand_pending_diagnoses_resumes_every_one_and_diagnoses_each_once()
    {
        // A real report: stored waiting for its diagnosis, which the diagnoser holds (the process stops before it ends).
        await _host.SayAsync("I'm getting a 502 on https://wiki.contoso.com");
        var template = Assert.Single(await Cases.ListByUserAsync("29:alex", 10, default));

        // 4,999 more as a burst leaves them, about 300 targets; the running instance claims a few and holds them too.
        await PendingBurst.SeedAsync(Cases, template);
        Assert.InRange(_diagnoser.Calls, 1, 16); // claimed up to Conversations:DiagnosisConcurrency, the rest wait in the store

        // Stop (the held runs are interrupted and given back), then start again with a diagnoser that answers.
        await _host.RestartAsync();
        _diagnoser.Open();
        var before = _diagnoser.Calls;
        await PendingBurst.AssertEachDiagnosedOnceAsync(Cases, template);

        // Runs about one target are shared: far fewer runs than cases.
        Assert.InRange(_diagnoser.Calls - before, PendingBurst.Targets + 1, PendingBurst.Pending / 2);
    }
}
