using HelpdeskBot.Probes.Diagnosis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>
/// One probe run per target for the cases that ask about it at about the same time. When a site goes down,
/// dozens of people report it within a minute; each used to start its own probes, so after the probes'
/// per-target limit (60 a minute) the later reporters got "not probed: rate limited" instead of a diagnosis.
/// A case now takes the diagnosis of a run for the same target that is still going or started at most
/// <see cref="ConversationsOptions.SharedDiagnosisMaxAge"/> before it; "Check again" only takes a run started
/// after the click. Refused runs (rate limit, busy) are never shared: those limits are the requester's own.
/// </summary>
internal sealed class SharedDiagnoses(IDiagnoser diagnoser, TimeProvider time, IOptions<ConversationsOptions> options, ILogger<SharedDiagnoses> logger)
{
    /// <summary>Entries kept at most; older ones are dropped first when it is reached.</summary>
    private const int MaxEntries = 1024;

    private readonly Dictionary<string, Run> _runs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <param name="hint">The product the reporter named (a run another case started keeps that case's hint).</param>
    /// <param name="notBefore">The diagnosis must come from a run started at or after this instant.</param>
    /// <returns>The diagnosis, and whether it came from a run another case started.</returns>
    public Task<(Diagnosis Diagnosis, bool Shared)> DiagnoseAsync(string target, string requesterId, int? attempts, ProductHint? hint, DateTimeOffset notBefore, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        var request = new DiagnosisRequest(target, requesterId, attempts) { Hint = hint };
        return DiagnoseAsync(request, notBefore, mayWait: true, ct);
    }

    private async Task<(Diagnosis Diagnosis, bool Shared)> DiagnoseAsync(DiagnosisRequest request, DateTimeOffset notBefore, bool mayWait, CancellationToken ct)
    {
        var target = request.Target;
        var maxAge = options.Value.SharedDiagnosisMaxAge;
        if (maxAge <= TimeSpan.Zero)
        {
            return (await diagnoser.DiagnoseAsync(request, null, ct).ConfigureAwait(false), false);
        }

        Run? existing = null;
        Run? mine = null;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (mayWait && _runs.TryGetValue(target, out var run) && run.StartedAt >= notBefore && (!run.Result.Task.IsCompleted || now - run.StartedAt <= maxAge))
            {
                existing = run;
            }
            else
            {
                mine = new Run(now, new TaskCompletionSource<Diagnosis>(TaskCreationOptions.RunContinuationsAsynchronously));
                _runs[target] = mine;
                Trim(now, maxAge);
            }
        }

        if (existing is not null)
        {
            var shared = await existing.Result.Task.WaitAsync(ct).ConfigureAwait(false);
            if (shared.Verdict.Kind != VerdictKind.Refused)
            {
                Log.DiagnosisShared(logger, shared.Target.Host, now - existing.StartedAt);
                return (shared, true);
            }

            // The other requester was refused (their own limit): this one starts a run of its own, which later
            // cases may share.
            return await DiagnoseAsync(request, notBefore, mayWait: false, ct).ConfigureAwait(false);
        }

        var own = mine!; // not null: either an existing run was taken (and returned above) or this one was made
        try
        {
            var diagnosis = await diagnoser.DiagnoseAsync(request, null, ct).ConfigureAwait(false);
            if (diagnosis.Verdict.Kind == VerdictKind.Refused)
            {
                Forget(target, own); // before the waiters wake, so they do not find it again
            }

            own.Result.TrySetResult(diagnosis);
            return (diagnosis, false);
        }
        catch (Exception ex)
        {
            // Waiters get the same failure (each logs it against its own case); the next case starts afresh.
            Forget(target, own);
            own.Result.TrySetException(ex);
            _ = own.Result.Task.Exception; // observed here, whether or not another case was waiting
            throw;
        }
    }

    private void Forget(string target, Run run)
    {
        lock (_gate)
        {
            if (_runs.TryGetValue(target, out var current) && ReferenceEquals(current, run))
            {
                _runs.Remove(target);
            }
        }
    }

    /// <summary>Called under the gate: drops finished runs too old to share, then the oldest, to stay bounded.</summary>
    private void Trim(DateTimeOffset now, TimeSpan maxAge)
    {
        if (_runs.Count <= MaxEntries)
        {
            return;
        }

        foreach (var (key, run) in _runs.Where(kv => kv.Value.Result.Task.IsCompleted && now - kv.Value.StartedAt > maxAge).ToList())
        {
            _runs.Remove(key);
        }

        foreach (var (key, _) in _runs.OrderBy(kv => kv.Value.StartedAt).Take(_runs.Count - MaxEntries).ToList())
        {
            _runs.Remove(key);
        }
    }

    private sealed record Run(DateTimeOffset StartedAt, TaskCompletionSource<Diagnosis> Result);
}
