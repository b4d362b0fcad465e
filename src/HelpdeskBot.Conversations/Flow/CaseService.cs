using System.Diagnostics;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Dispatching;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>
/// Applies transitions to stored cases: commits them (with the escalation in the same transaction), wakes the
/// outbox dispatcher, and wakes the diagnosis dispatcher for cases queued for a probe run (the queue is the store:
/// <see cref="CaseRecord.AwaitsDiagnosis"/>), updating the case card in place when a run finishes.
/// </summary>
internal sealed class CaseService(
    CaseRepository repository,
    CaseEngine engine,
    EscalationFactory escalations,
    CaseCardPublisher publisher,
    SharedDiagnoses diagnoses,
    [FromKeyedServices(DiagnosisDispatcher.SignalKey)] DispatchSignal diagnosisSignal,
    IOutboxSignal outbox,
    IOptions<ConversationsOptions> options,
    ILogger<CaseService> logger)
{
    private const int MaxConflictRetries = 5;

    /// <summary>
    /// Stores a new case and its card's first delivery (the acknowledgement) in one write, and wakes the delivery
    /// dispatcher (and the diagnosis dispatcher when the case waits for its diagnosis, queued by the same write): the
    /// card promises only what the store holds, and the request never waits on the connector.
    /// </summary>
    public async Task<CaseRecord> OpenAsync(string caseId, string conversationId, string userId, CaseState state, CancellationToken ct)
    {
        var card = publisher.DueNow();
        var record = await repository.InsertAsync(caseId, conversationId, userId, state, card, ct).ConfigureAwait(false);
        publisher.Written(card);
        if (record.AwaitsDiagnosis)
        {
            DiagnosisQueued();
        }

        return record;
    }

    /// <summary>Commits <paramref name="t"/> on top of <paramref name="current"/>; null on a write conflict.</summary>
    public Task<(CaseRecord Record, CaseState State)?> CommitAsync(CaseRecord current, Transition t, CancellationToken ct) =>
        CommitAsync(current, t, publish: false, ct);

    /// <param name="publish">The case's card is queued for delivery in the same write (as <see cref="PublishAsync"/> would after it).</param>
    private async Task<(CaseRecord Record, CaseState State)?> CommitAsync(CaseRecord current, Transition t, bool publish, CancellationToken ct)
    {
        var state = t.State;
        ConversationTelemetry.TagUpwards(ConversationTelemetry.CaseId, current.CaseId);
        Tickets.Escalations.EscalationRequest? escalation = null;
        if (t.Escalate is { } reason)
        {
            escalation = escalations.Create(current, state, reason);
            state = state with { EscalationId = escalation.EscalationId };
            t = t with { State = state };
        }

        var card = publish ? publisher.DueNow() : null;
        var committed = await repository.TryCommitAsync(current, t, escalation, card, ct).ConfigureAwait(false);
        if (committed is null)
        {
            return null;
        }

        if (card is not null)
        {
            publisher.Written(card);
        }

        if (escalation is not null)
        {
            Log.Escalated(logger, current.CaseId, escalation.Reason.ToString(), escalation.EscalationId);
            ConversationTelemetry.Escalations.Add(1, new KeyValuePair<string, object?>("reason", escalation.Reason.ToString()));
            outbox.Notify();
        }

        // A step is reached when the diagnosis or an answer moves the case onto it.
        if (state.CurrentStepId is { } step && t.EventKind is "diagnosed" or "answered")
        {
            ConversationTelemetry.StepsReached.Add(
                1, new KeyValuePair<string, object?>("runbook", state.RunbookId), new KeyValuePair<string, object?>("step", step));
        }

        // A case counts once, when it leaves "open" for an outcome (resolved, escalated, abandoned, cancelled).
        if (current.Status == CaseStatus.Open && committed.Status != CaseStatus.Open)
        {
            ConversationTelemetry.CaseOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", committed.Status.StoredName()));
        }

        if (t.Probe)
        {
            DiagnosisQueued();
        }

        return (committed, state);
    }

    /// <summary>Re-reads and re-applies until the write wins (background updates racing with clicks).</summary>
    public Task<(CaseRecord Record, CaseState State)?> UpdateWithRetryAsync(string caseId, Func<CaseState, Transition?> decide, string what, CancellationToken ct) =>
        UpdateWithRetryAsync(caseId, null, decide, what, publish: false, ct);

    /// <summary>
    /// As <see cref="UpdateWithRetryAsync(string, Func{CaseState, Transition?}, string, CancellationToken)"/>, and the write
    /// that wins also queues the case's card (one transaction): a stop between the two cannot leave the card showing the
    /// state before the write.
    /// </summary>
    public Task<(CaseRecord Record, CaseState State)?> UpdateAndShowWithRetryAsync(string caseId, Func<CaseState, Transition?> decide, string what, CancellationToken ct) =>
        UpdateWithRetryAsync(caseId, null, decide, what, publish: true, ct);

    /// <param name="known">The case as just read, tried first instead of reading it again.</param>
    /// <param name="publish">The write that wins also queues the case's card (one transaction).</param>
    private async Task<(CaseRecord Record, CaseState State)?> UpdateWithRetryAsync(string caseId, (CaseRecord Record, CaseState State)? known, Func<CaseState, Transition?> decide, string what, bool publish, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxConflictRetries; attempt++)
        {
            var current = attempt == 1 && known is not null ? known : await repository.GetAsync(caseId, ct).ConfigureAwait(false);
            if (current is not { } c || decide(c.State) is not { } t)
            {
                return null;
            }

            if (await CommitAsync(c.Record, t, publish, ct).ConfigureAwait(false) is { } done)
            {
                return done;
            }
        }

        Log.ConflictGaveUp(logger, caseId, MaxConflictRetries, what);
        return null;
    }

    /// <summary>The case's card shows its stored state soon (a durable delivery; never waits on the connector).</summary>
    public Task PublishAsync(string caseId, CancellationToken ct) => publisher.PublishAsync(caseId, ct);

    /// <summary>
    /// A case was written waiting for its diagnosis (queued in the store with it): the diagnosis dispatcher is woken
    /// to claim it (it waits its turn behind others, never refused; a restart or another instance resumes it). The
    /// dispatcher claims whatever is due, so the signal names no case.
    /// </summary>
    private void DiagnosisQueued() => diagnosisSignal.Notify();

    /// <summary>
    /// Probes the case's target and moves it on from Diagnosing; the card is updated in place. True when the run is
    /// over (diagnosed, or nothing left to diagnose); false when it failed or was interrupted (to be tried again).
    /// </summary>
    public async Task<bool> ProbeAsync(string caseId, CancellationToken ct)
    {
        using var scope = logger.BeginScope(new CorrelationLogScope(caseId));
        Activity? span = null;
        try
        {
            var start = await repository.GetAsync(caseId, ct).ConfigureAwait(false);
            if (start is not { State: { Phase: CasePhase.Diagnosing, Target: { } target } } s)
            {
                return true;
            }

            // Runs after the Teams request ended: continue the trace of the turn that opened the case.
            span = ConversationTelemetry.StartActivity("case.diagnose", ActivityKind.Internal, s.State.TraceParent);
            span?.SetTag(ConversationTelemetry.CaseId, caseId);

            // A first diagnosis may come from a run another report about the same target started shortly before;
            // a re-check (the case had a diagnosis) needs a run started after the click.
            var notBefore = s.State.Diagnosis is null ? s.Record.UpdatedAt - options.Value.SharedDiagnosisMaxAge : s.Record.UpdatedAt;
            // The product the report named (a pasted error page, "502 from Cloudflare") breaks a tie for the probes.
            var hint = s.State.ReportedProduct is { Length: > 0 } product ? new ProductHint(product) : null;
            var (diagnosis, _) = await diagnoses.DiagnoseAsync(target, s.State.Reporter.UserId, options.Value.DiagnosisAttempts, hint, notBefore, ct).ConfigureAwait(false);
            // The case as read before probing is tried first: usually nobody clicked meanwhile, so no second read. The
            // card showing the diagnosis is queued in the same write.
            var done = await UpdateWithRetryAsync(caseId, s, st => st.Phase == CasePhase.Diagnosing ? engine.AfterDiagnosis(st, diagnosis) : null, "diagnosis", publish: true, ct).ConfigureAwait(false);
            if (done is { } d)
            {
                Log.CaseDiagnosed(logger, caseId, diagnosis.Verdict.Kind.ToString(), diagnosis.Verdict.ServerSideFault, d.State.RunbookId, d.State.Phase.ToString(), d.State.CurrentStepId);
            }

            // Not written (the case moved on meanwhile, or the write kept conflicting): its own writes settled it, or
            // its claim expires and the run is tried again.
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Host stopping: the case stays Diagnosing and is probed again at the next start.
            return false;
        }
        catch (Exception ex)
        {
            Log.DiagnosisFailed(logger, ex, caseId);
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            return false;
        }
        finally
        {
            span?.Dispose();
        }
    }
}
