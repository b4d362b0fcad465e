namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>When a runbook hands over to the help desk, and with what urgency.</summary>
/// <param name="EscalateImmediatelyWhen">Checked as soon as the diagnosis is in (e.g. serverSideFault: true); null = never.</param>
/// <param name="WhenStepsExhausted">Escalate after the last applicable step is still broken (default true).</param>
internal sealed record EscalationPolicy(StepCondition? EscalateImmediatelyWhen, bool WhenStepsExhausted, string Urgency, string Impact)
{
    public static EscalationPolicy Default { get; } = new(null, true, "medium", "single-user");
}
