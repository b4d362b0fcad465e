using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Tests.Conversations;

/// <summary>
/// A burst of reports left waiting for their diagnoses (as a process that stopped mid-burst leaves them), and the
/// checks that every one was later diagnosed exactly once. Used on SQLite (one instance) and PostgreSQL (two).
/// </summary>
internal static class PendingBurst
{
    public const int Pending = 5_000;
    public const int Targets = 300;

    /// <summary>Adds <see cref="Pending"/> − 1 copies of <paramref name="template"/> (a real report), about <see cref="Targets"/> targets.</summary>
    public static async Task SeedAsync(ICaseStore cases, CaseRecord template)
    {
        Assert.True(template.AwaitsDiagnosis);
        for (var i = 1; i < Pending; i++)
        {
            var target = $"site{i % Targets}.contoso.com";
            var id = $"c-burst-{i:D5}";
            var record = template with { CaseId = id, Target = target, StateJson = template.StateJson.Replace("wiki.contoso.com", target, StringComparison.Ordinal) };
            Assert.True(await cases.TryInsertAsync(record, new CaseEvent(id, 1, "created", "{}", template.CreatedAt), default));
        }

        Assert.Equal(Pending, await cases.CountAwaitingDiagnosisAsync(default));
    }

    /// <summary>Until no case waits for its diagnosis (at most 5 minutes), then: none left Diagnosing, one "diagnosed" event each.</summary>
    public static async Task AssertEachDiagnosedOnceAsync(ICaseStore cases, CaseRecord template)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5), TimeProvider.System);
        while (await cases.CountAwaitingDiagnosisAsync(default) > 0)
        {
            await Task.Delay(200, deadline.Token);
        }

        var all = await cases.ListUpdatedBetweenAsync(template.CreatedAt.AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1), Pending * 2, default);
        Assert.Equal(Pending, all.Count);
        Assert.All(all, c => Assert.NotEqual(CasePhase.Diagnosing, CaseRepository.Read(c).Phase));
        foreach (var c in all)
        {
            Assert.Single(await cases.GetEventsAsync(c.CaseId, default), e => e.Kind == "diagnosed");
        }
    }
}

/// <summary>Holds every run until <see cref="Open"/> (or opened from the start), then answers "healthy" at once.</summary>
internal sealed class GatedDiagnoser(bool open = false) : IDiagnoser
{
    private readonly TaskCompletionSource _open = Opened(open);
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

    private static TaskCompletionSource Opened(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }

        return gate;
    }
}
