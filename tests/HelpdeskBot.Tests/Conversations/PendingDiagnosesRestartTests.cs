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
    private const int Pending = 5_000;
    private const int Targets = 300;
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
        Assert.True(template.AwaitsDiagnosis);

        // 4,999 more as a burst leaves them, about 300 targets; the running instance claims a few and holds them too.
        for (var i = 1; i < Pending; i++)
        {
            var target = $"site{i % Targets}.contoso.com";
            var id = $"c-burst-{i:D5}";
            var record = template with { CaseId = id, Target = target, StateJson = template.StateJson.Replace("wiki.contoso.com", target, StringComparison.Ordinal) };
            Assert.True(await Cases.TryInsertAsync(record, new CaseEvent(id, 1, "created", "{}", template.CreatedAt), default));
        }

        Assert.Equal(Pending, await Cases.CountAwaitingDiagnosisAsync(default));
        Assert.InRange(_diagnoser.Calls, 1, 16); // claimed up to Conversations:DiagnosisConcurrency, the rest wait in the store

        // Stop (the held runs are interrupted and given back), then start again with a diagnoser that answers.
        await _host.RestartAsync();
        _diagnoser.Open();
        var before = _diagnoser.Calls;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5), TimeProvider.System);
        while (await Cases.CountAwaitingDiagnosisAsync(default) > 0)
        {
            await Task.Delay(200, deadline.Token);
        }

        var all = await Cases.ListUpdatedBetweenAsync(template.CreatedAt.AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1), Pending * 2, default);
        Assert.Equal(Pending, all.Count);
        Assert.All(all, c => Assert.NotEqual(CasePhase.Diagnosing, CaseRepository.Read(c).Phase));
        foreach (var c in all)
        {
            Assert.Single(await Cases.GetEventsAsync(c.CaseId, default), e => e.Kind == "diagnosed");
        }

        // Runs about one target are shared: far fewer runs than cases.
        Assert.InRange(_diagnoser.Calls - before, Targets + 1, Pending / 2);
    }

    /// <summary>Holds every run until <see cref="Open"/>, then answers "healthy" at once.</summary>
    private sealed class GatedDiagnoser : IDiagnoser
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void Open() => _open.TrySetResult();

        public async Task<Diagnosis> DiagnoseAsync(DiagnosisRequest request, IProgress<ProbeProgress>? progress, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await _open.Task.WaitAsync(cancellationToken);
            return new Diagnosis(
                new ProbeTargetInfo(request.Target, "https://" + request.Target + "/", request.Target, 443, "https"),
                TimeProvider.System.GetUtcNow(),
                TimeSpan.FromMilliseconds(40),
                new Verdict(VerdictKind.Healthy, 1, null, null, 0, 3, false),
                null, [], null, [], null, null, []);
        }
    }
}
