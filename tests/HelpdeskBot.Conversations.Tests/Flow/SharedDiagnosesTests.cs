using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Probes.Diagnosis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Conversations.Tests.Flow;

public sealed class SharedDiagnosesTests
{
    private const string Site = "wiki.contoso.com";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedDiagnoser _diagnoser = new();

    private SharedDiagnoses Create(TimeSpan maxAge) =>
        new(_diagnoser, _clock, Options.Create(new ConversationsOptions { SharedDiagnosisMaxAge = maxAge }), NullLogger<SharedDiagnoses>.Instance);

    [Fact]
    public async Task Reports_about_one_site_while_its_probe_runs_share_that_run()
    {
        var shared = Create(TimeSpan.FromSeconds(30));
        var now = _clock.GetUtcNow();

        var first = shared.DiagnoseAsync(Site, "29:alex", null, null, now - TimeSpan.FromSeconds(30), CancellationToken.None);
        var second = shared.DiagnoseAsync(Site, "29:megan", null, null, now - TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.False(second.IsCompleted);
        _diagnoser.Complete(VerdictKind.UpstreamFailing);

        Assert.Equal((false, VerdictKind.UpstreamFailing), Shape(await first));
        Assert.Equal((true, VerdictKind.UpstreamFailing), Shape(await second));
        Assert.Equal(1, _diagnoser.Calls);
    }

    [Fact]
    public async Task A_finished_run_is_shared_until_it_is_older_than_the_limit()
    {
        var shared = Create(TimeSpan.FromSeconds(30));
        _diagnoser.AnswerAtOnce = VerdictKind.Healthy;
        await shared.DiagnoseAsync(Site, "29:alex", null, null, _clock.GetUtcNow() - TimeSpan.FromSeconds(30), CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(29));
        var within = await shared.DiagnoseAsync(Site, "29:megan", null, null, _clock.GetUtcNow() - TimeSpan.FromSeconds(30), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var after = await shared.DiagnoseAsync(Site, "29:lee", null, null, _clock.GetUtcNow() - TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.True(within.Shared);
        Assert.False(after.Shared);
        Assert.Equal(2, _diagnoser.Calls);
    }

    [Fact]
    public async Task Check_again_never_takes_a_run_started_before_the_click()
    {
        var shared = Create(TimeSpan.FromSeconds(30));
        _diagnoser.AnswerAtOnce = VerdictKind.UpstreamFailing;
        await shared.DiagnoseAsync(Site, "29:alex", null, null, _clock.GetUtcNow(), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(5));

        _diagnoser.AnswerAtOnce = VerdictKind.Healthy;
        var recheck = await shared.DiagnoseAsync(Site, "29:alex", null, null, notBefore: _clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal((false, VerdictKind.Healthy), Shape(recheck));
        Assert.Equal(2, _diagnoser.Calls);
    }

    [Fact]
    public async Task A_refused_run_is_not_shared_the_waiting_case_asks_for_itself()
    {
        var shared = Create(TimeSpan.FromSeconds(30));
        var since = _clock.GetUtcNow() - TimeSpan.FromSeconds(30);
        var first = shared.DiagnoseAsync(Site, "29:flooder", null, null, since, CancellationToken.None);
        var second = shared.DiagnoseAsync(Site, "29:megan", null, null, since, CancellationToken.None);
        _diagnoser.AnswerAtOnce = VerdictKind.Healthy; // the second's own run
        _diagnoser.Complete(VerdictKind.Refused); // the first requester was over their own limit

        Assert.Equal((false, VerdictKind.Refused), Shape(await first));
        Assert.Equal((false, VerdictKind.Healthy), Shape(await second));
        var third = await shared.DiagnoseAsync(Site, "29:lee", null, null, since, CancellationToken.None);
        Assert.Equal((true, VerdictKind.Healthy), Shape(third)); // the refused run was forgotten, megan's is shared
        Assert.Equal(2, _diagnoser.Calls);
    }

    [Fact]
    public async Task A_failed_run_fails_its_waiters_and_the_next_report_probes_again()
    {
        var shared = Create(TimeSpan.FromSeconds(30));
        var since = _clock.GetUtcNow() - TimeSpan.FromSeconds(30);
        var first = shared.DiagnoseAsync(Site, "29:alex", null, null, since, CancellationToken.None);
        var second = shared.DiagnoseAsync(Site, "29:megan", null, null, since, CancellationToken.None);
        _diagnoser.Fail(new InvalidOperationException("resolver crashed"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        _diagnoser.AnswerAtOnce = VerdictKind.Healthy;
        Assert.Equal((false, VerdictKind.Healthy), Shape(await shared.DiagnoseAsync(Site, "29:lee", null, null, since, CancellationToken.None)));
    }

    [Fact]
    public async Task Different_targets_and_a_zero_limit_never_share()
    {
        _diagnoser.AnswerAtOnce = VerdictKind.Healthy;
        var shared = Create(TimeSpan.FromSeconds(30));
        var since = _clock.GetUtcNow() - TimeSpan.FromSeconds(30);
        await shared.DiagnoseAsync(Site, "29:alex", null, null, since, CancellationToken.None);
        Assert.False((await shared.DiagnoseAsync("hr.contoso.com", "29:alex", null, null, since, CancellationToken.None)).Shared);

        var off = Create(TimeSpan.Zero);
        await off.DiagnoseAsync(Site, "29:alex", null, null, since, CancellationToken.None);
        Assert.False((await off.DiagnoseAsync(Site, "29:megan", null, null, since, CancellationToken.None)).Shared);
        Assert.Equal(4, _diagnoser.Calls);
    }

    private static (bool Shared, VerdictKind Kind) Shape((Diagnosis Diagnosis, bool Shared) r) => (r.Shared, r.Diagnosis.Verdict.Kind);

    /// <summary>Answers at once with <see cref="AnswerAtOnce"/>, or holds each run until the test completes it.</summary>
    private sealed class ScriptedDiagnoser : IDiagnoser
    {
        private readonly Queue<TaskCompletionSource<Diagnosis>> _pending = new();

        public int Calls { get; private set; }

        public VerdictKind? AnswerAtOnce { get; set; }

        public Task<Diagnosis> DiagnoseAsync(DiagnosisRequest request, IProgress<ProbeProgress>? progress, CancellationToken cancellationToken)
        {
            Calls++;
            if (AnswerAtOnce is { } kind)
            {
                return Task.FromResult(Of(request.Target, kind));
            }

            var pending = new TaskCompletionSource<Diagnosis>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending.Enqueue(pending);
            return pending.Task;
        }

        public void Complete(VerdictKind kind)
        {
            var pending = _pending.Dequeue();
            pending.SetResult(Of(Site, kind));
        }

        public void Fail(Exception ex) => _pending.Dequeue().SetException(ex);

        private static Diagnosis Of(string target, VerdictKind kind) => new(
            new ProbeTargetInfo(target, "https://" + target + "/", target, 443, "https"),
            new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
            TimeSpan.FromMilliseconds(40),
            new Verdict(kind, 1, null, null, 0, 3, kind != VerdictKind.Healthy),
            null, [], null, [], null, null, []);
    }
}
