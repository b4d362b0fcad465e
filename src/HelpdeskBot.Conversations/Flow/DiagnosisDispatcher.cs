using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Tickets.Dispatching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>
/// Runs pending diagnoses from the store, as the outbox dispatcher sends escalations: a case waiting for its
/// diagnosis is queued by the write that moved it to Diagnosing; this claims up to
/// <see cref="ConversationsOptions.DiagnosisConcurrency"/> of them under a lease, claims more as runs finish, and
/// gives back a run that failed or was interrupted (due again later, or at once when the host stops). A burst waits
/// in the store instead of being refused, and a restart (or another instance) resumes every pending diagnosis.
/// Runs about the same target are still shared (<see cref="SharedDiagnoses"/>).
/// </summary>
internal sealed class DiagnosisDispatcher(
    ICaseStore store,
    CaseService cases,
    [FromKeyedServices(DiagnosisDispatcher.SignalKey)] DispatchSignal signal,
    TimeProvider time,
    IOptions<ConversationsOptions> options,
    ILogger<DiagnosisDispatcher> logger) : BackgroundService
{
    /// <summary>The service key of the <see cref="DispatchSignal"/> that wakes this dispatcher.</summary>
    public const string SignalKey = "diagnoses";

    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        BackgroundWork.Enter(); // no request waits on these writes (SQLite lets requests' writes go first)
        Log.DiagnosisDispatcherStarted(logger, Owner, o.DiagnosisConcurrency);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                running.RemoveAll(t => t.IsCompleted);
                var free = o.DiagnosisConcurrency - running.Count;
                if (free > 0)
                {
                    foreach (var caseId in await store.ClaimDiagnosesAsync(Owner, free, o.DiagnosisLease, time.GetUtcNow(), stoppingToken).ConfigureAwait(false))
                    {
                        running.Add(RunAsync(caseId, stoppingToken));
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.DiagnosisClaimFailed(logger, ex);
            }

            // Every finished run signals, so a full claim is followed by another as soon as a slot frees.
            try
            {
                await signal.WaitAsync(o.DiagnosisPollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task RunAsync(string caseId, CancellationToken stoppingToken)
    {
        var finished = false;
        try
        {
            await Task.Yield();
            finished = await cases.ProbeAsync(caseId, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            if (!finished)
            {
                await GiveBackAsync(caseId, stoppingToken.IsCancellationRequested).ConfigureAwait(false);
            }

            signal.Notify();
        }
    }

    /// <summary>Due again: at once when the host stops (the next start takes it), after the retry delay when it failed.</summary>
    private async Task GiveBackAsync(string caseId, bool stopping)
    {
        var now = time.GetUtcNow();
        try
        {
            // Not the stopping token: the claim must be given back even (above all) while the host stops.
            await store.ReleaseDiagnosisAsync(caseId, Owner, stopping ? now : now + options.Value.DiagnosisRetryDelay, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.DiagnosisReleaseFailed(logger, ex, caseId);
        }
    }
}
