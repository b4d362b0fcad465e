using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Conversations.Cases;

/// <summary>The conversation's own state of one case, stored as <see cref="CaseRecord.StateJson"/>.</summary>
internal sealed record CaseState
{
    public CasePhase Phase { get; init; }

    public required string ReportText { get; init; }

    public ProblemKind Problem { get; init; }

    public int? ReportedStatusCode { get; init; }

    /// <summary>The product a pasted error page or the report named ("nginx", "Cloudflare"): a hint, not a finding.</summary>
    public string? ReportedProduct { get; init; }

    public string? Target { get; init; }

    public ReportScope Scope { get; init; }

    public string? ServiceName { get; init; }

    public string? RunbookId { get; init; }

    public string? CurrentStepId { get; init; }

    public IReadOnlyList<AnsweredStep> Answers { get; init; } = [];

    public Platform Platform { get; init; }

    public Diagnosis? Diagnosis { get; init; }

    /// <summary>The card that shows this case, as cases stored it before deliveries recorded it on the record (<see cref="CaseRecord.CardActivityId"/>).</summary>
    public string? CardActivityId { get; init; }

    public required CaseParticipant Reporter { get; init; }

    public required CaseChannel Channel { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public string? EscalationId { get; init; }

    /// <summary>Why the case was escalated; stored as the enum's name ("ServerSideFault"), as it always was.</summary>
    public EscalationReason? EscalationReason { get; init; }

    public string? TicketNumber { get; init; }

    public string? TicketUrl { get; init; }

    public int AffectedUsers { get; init; }

    public string? ParkedReason { get; init; }

    /// <summary>The parked escalation was announced in a help-desk channel (so the user may be told the help desk knows).</summary>
    public bool ParkedAnnounced { get; init; }

    public int? Rating { get; init; }

    /// <summary>The help desk resolved the incident this case belongs to, at this instant (its card says "fixed since").</summary>
    public DateTimeOffset? FixedAt { get; init; }

    /// <summary>
    /// Which resolution of the incident (its count, <c>IncidentDeskState.Resolutions</c>) set <see cref="FixedAt"/>, kept
    /// when a reopening clears it: a fan-out of an older resolution neither overwrites nor takes back a newer one's mark.
    /// Null on cases marked before it was kept.
    /// </summary>
    public int? FixedResolution { get; init; }

    /// <summary>
    /// A healthy check by our servers backs the resolution (taken shortly before it); only then may the reporter be
    /// told "our servers see it working". Forced resolutions and ones from the ticket system may have none.
    /// </summary>
    public bool FixVerified { get; init; }

    /// <summary>The incident the escalation joined, once the help desk resolved it (for "Still broken").</summary>
    public string? IncidentId { get; init; }

    /// <summary>
    /// The reporter pressed "Tell me when it's fixed" (a case whose own check looked healthy, escalated anyway): the
    /// case is a reporter of the open incident on its site and is told once when it is resolved.
    /// </summary>
    public bool FollowsFix { get; init; }

    /// <summary>
    /// The incident was reopened (by the help desk, another reporter or the ticket system) after this case was told it
    /// is fixed: the card no longer says fixed but that it was reopened. Cleared when it is fixed again.
    /// </summary>
    public DateTimeOffset? FixReopenedAt { get; init; }

    /// <summary>The reporter said it is still broken after the fix: the incident reopens and is checked again.</summary>
    public DateTimeOffset? StillBrokenAt { get; init; }

    /// <summary>
    /// When the reporter said so, the incident had a help-desk channel, whose thread hears of it (durably): only then
    /// does the card say the help desk is being told.
    /// </summary>
    public bool StillBrokenToChannel { get; init; }

    /// <summary>
    /// W3C traceparent of the turn that opened the case: the background probes (also after a restart) continue
    /// that trace, so one trace runs from the Teams activity through the probes to the ticket.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// The language the reporter is answered in (a shipped tag, see <see cref="Localization.Languages"/>), fixed when
    /// the case opens; null (cases stored before languages) reads English.
    /// </summary>
    public string? Language { get; init; }

    /// <summary>Phase before the case was abandoned, for Resume.</summary>
    public CasePhase? PhaseBeforeAbandon { get; init; }

    public IReadOnlyDictionary<string, string> AnswerMap() =>
        Answers.GroupBy(a => a.StepId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Answer, StringComparer.Ordinal);
}

/// <param name="Answer">The answer id (fixed, still-broken, cannot, all-sites, …).</param>
internal sealed record AnsweredStep(string StepId, string Title, string Answer, string AnswerText, DateTimeOffset At);

/// <summary>Who reported; never a token.</summary>
internal sealed record CaseParticipant(string UserId, string Name, string? AadObjectId, string? TenantId);

/// <summary>Where to answer later (card updates, proactive messages).</summary>
internal sealed record CaseChannel(string ServiceUrl, string ConversationId, string? ConversationType, string? BotId, string? BotName, string? TenantId)
{
    /// <summary>The case's conversation to send to; with <paramref name="to"/>, addressed to that person (a proactive message).</summary>
    public ConversationReference Reference(CaseParticipant? to = null) => new()
    {
        ServiceUrl = ServiceUrl,
        ConversationId = ConversationId,
        ConversationType = ConversationType,
        TenantId = TenantId,
        BotId = BotId,
        BotName = BotName,
        UserId = to?.UserId,
        UserName = to?.Name,
        ChannelId = "msteams",
    };
}
