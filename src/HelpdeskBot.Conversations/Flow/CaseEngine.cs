using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>
/// The troubleshooting state machine, free of I/O: given a case state and an event (diagnosis, click), the next
/// state. Runbook policy decides: a server-side fault escalates at once, otherwise the next step that applies and
/// that the verdict does not rule out; the last step still broken escalates.
/// </summary>
internal sealed class CaseEngine(RunbookCatalog runbooks, ReportParser parser, TimeProvider time)
{
    public Runbook? RunbookOf(CaseState s) => s.RunbookId is null ? null : runbooks.Find(s.RunbookId);

    /// <summary>A new report: diagnosing if there is something to probe, else straight to the runbook.</summary>
    public CaseState Start(MessageUnderstanding m, CaseParticipant reporter, CaseChannel channel, Platform platform, string language)
    {
        var state = new CaseState
        {
            Phase = m.NeedsTarget ? CasePhase.AwaitingTarget : CasePhase.Diagnosing,
            ReportText = m.Text.Length > 500 ? m.Text[..500] : m.Text,
            Problem = m.Problem,
            ReportedStatusCode = m.StatusCode,
            ReportedProduct = m.ReportedProduct,
            Target = m.Target,
            Scope = m.Scope,
            ServiceName = m.Service?.Name,
            RunbookId = runbooks.Select(m.Problem, m.StatusCode, null)?.Id,
            Platform = platform,
            Reporter = reporter,
            Channel = channel,
            StartedAt = time.GetUtcNow(),
            Language = language,
        };
        return state;
    }

    /// <summary>The diagnosis is in (null when there was nothing to probe).</summary>
    public Transition AfterDiagnosis(CaseState state, Diagnosis? diagnosis)
    {
        var runbook = (state.Problem is ProblemKind.Unspecified || state.RunbookId is null ? runbooks.Select(state.Problem, state.ReportedStatusCode, diagnosis) : RunbookOf(state))
            ?? runbooks.Select(state.Problem, state.ReportedStatusCode, diagnosis);
        var s = state with { Diagnosis = diagnosis, RunbookId = runbook?.Id };
        var detail = diagnosis is null ? "no-probe" : diagnosis.Verdict.Kind.ToString();
        if (runbook is null)
        {
            return Escalation(s, EscalationReason.StepsExhausted, "diagnosed", detail);
        }

        var facts = Facts(s);
        if (diagnosis is not null && runbook.Escalation.EscalateImmediatelyWhen is { } when && when.Holds(facts))
        {
            return Escalation(s, EscalationReason.ServerSideFault, "diagnosed", detail);
        }

        // After "Check again" stay on the current step when it still applies.
        var current = s.CurrentStepId is null ? null : runbook.FindStep(s.CurrentStepId);
        var next = current is not null && !current.IsSkipped(facts) && (current.When?.Holds(facts) ?? true)
            ? current
            : runbook.NextStep(null, facts);
        return next is null
            ? Escalation(s, EscalationReason.StepsExhausted, "diagnosed", detail)
            : new Transition(s with { Phase = CasePhase.OnStep, CurrentStepId = next.Id }, "diagnosed", detail);
    }

    /// <summary>A click; null when it does not apply to the case's phase (the current card is shown again).</summary>
    public Transition? Apply(CaseState s, CaseAction action)
    {
        var platform = PlatformNames.Parse(action.Get(Verbs.PlatformInput)) is { } p and not Platform.Unknown ? p : s.Platform;
        s = s with { Platform = platform };
        switch (action.Verb)
        {
            case Verbs.Answer when s.Phase == CasePhase.OnStep:
                return Answer(s, action.Get(Verbs.StepKey), action.Get(Verbs.AnswerKey));
            case Verbs.Escalate when s.Phase is CasePhase.OnStep or CasePhase.Diagnosing:
                return Escalation(s, EscalationReason.UserRequested, "escalate-now", s.CurrentStepId ?? string.Empty);
            case Verbs.Recheck when s.Phase == CasePhase.OnStep && s.Target is not null:
                return new Transition(s with { Phase = CasePhase.Diagnosing }, "recheck", s.CurrentStepId ?? string.Empty, Probe: true);
            case Verbs.Platform when s.Phase == CasePhase.OnStep:
                return new Transition(s, "platform", PlatformNames.Key(platform));
            case Verbs.Target when s.Phase == CasePhase.AwaitingTarget:
                return WithTarget(s, parser.Parse(action.Get(Verbs.TargetInput)));
            case Verbs.Rate when s.Phase == CasePhase.Resolved && s.Rating is null && int.TryParse(action.Get(Verbs.RatingKey), out var rating) && rating is >= 1 and <= 5:
                return new Transition(s with { Rating = rating }, "rated", rating.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case Verbs.Resume when s.Phase == CasePhase.Abandoned:
                return Resume(s);
            case Verbs.Cancel when s.Phase is CasePhase.AwaitingTarget or CasePhase.OnStep or CasePhase.Diagnosing:
                return Cancel(s);
            default:
                return null;
        }
    }

    /// <summary>The site a case waited for, from what the person wrote or typed into the card.</summary>
    public Transition? WithTarget(CaseState s, MessageUnderstanding m)
    {
        if (m.Target is null)
        {
            return null;
        }

        var runbook = runbooks.Select(s.Problem, s.ReportedStatusCode, null);
        return new Transition(
            s with { Phase = CasePhase.Diagnosing, Target = m.Target, ServiceName = m.Service?.Name, Scope = ReportScope.ThisSite, RunbookId = runbook?.Id },
            "target", m.Target, Probe: true);
    }

    public static Transition Cancel(CaseState s) => new(s with { Phase = CasePhase.Cancelled }, "cancelled", string.Empty);

    public static Transition Abandon(CaseState s) => new(s with { Phase = CasePhase.Abandoned, PhaseBeforeAbandon = s.Phase }, "expired", s.Phase.ToString());

    private static Transition Resume(CaseState s)
    {
        var before = s.PhaseBeforeAbandon ?? CasePhase.OnStep;
        return before == CasePhase.Diagnosing || (before == CasePhase.OnStep && s.CurrentStepId is null && s.Target is not null)
            ? new Transition(s with { Phase = CasePhase.Diagnosing, PhaseBeforeAbandon = null }, "resumed", "recheck", Probe: s.Target is not null)
            : new Transition(s with { Phase = before, PhaseBeforeAbandon = null }, "resumed", before.ToString());
    }

    private Transition? Answer(CaseState s, string? stepId, string? answerId)
    {
        var runbook = RunbookOf(s);
        var step = stepId is null ? null : runbook?.FindStep(stepId);
        var answer = step?.Answers.FirstOrDefault(a => a.Id == answerId);
        if (runbook is null || step is null || answer is null || s.CurrentStepId != step.Id)
        {
            return null;
        }

        var answered = s with
        {
            Answers = [.. s.Answers, new AnsweredStep(step.Id, step.Title, answer.Id, answer.Title, time.GetUtcNow())],
            Scope = answer.SetsScope ?? s.Scope,
        };
        var detail = $"{step.Id}={answer.Id}";
        switch (answer.Outcome)
        {
            case AnswerOutcome.Resolved:
                return new Transition(answered with { Phase = CasePhase.Resolved, CurrentStepId = null }, "resolved", detail);
            case AnswerOutcome.Escalate:
                return Escalation(answered, EscalationReason.StepsExhausted, "answered", detail);
        }

        var facts = Facts(answered);
        var next = answer.Goto is { } target ? runbook.FindStep(target) : runbook.NextStep(step.Id, facts);
        if (next is null)
        {
            return runbook.Escalation.WhenStepsExhausted
                ? Escalation(answered, EscalationReason.StepsExhausted, "answered", detail)
                : new Transition(answered with { Phase = CasePhase.Resolved, CurrentStepId = null }, "answered", detail);
        }

        return new Transition(answered with { CurrentStepId = next.Id }, "answered", detail);
    }

    private static Transition Escalation(CaseState s, EscalationReason reason, string kind, string detail) =>
        new(s with { Phase = CasePhase.Escalated, EscalationReason = reason, CurrentStepId = null }, kind == "answered" || kind == "diagnosed" ? "escalated" : kind, detail, reason);

    public static RunbookFacts Facts(CaseState s) => RunbookFacts.Of(s.Scope, s.ReportedStatusCode, s.Diagnosis?.Verdict, s.Platform, s.AnswerMap());
}
