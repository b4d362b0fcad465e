using System.Globalization;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Catalog;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>Builds the hand-off to the ticket side from a case: everything an engineer needs, nothing secret.</summary>
internal sealed class EscalationFactory(RunbookCatalog runbooks, ServiceCatalog services, DeskTexts desk, TimeProvider time)
{
    public EscalationRequest Create(CaseRecord record, CaseState s, EscalationReason reason)
    {
        var runbook = s.RunbookId is null ? null : runbooks.Find(s.RunbookId);
        var deskRunbook = s.RunbookId is null ? null : runbooks.Find(s.RunbookId, desk.Language);
        // The error the ticket is about: the one our probes got, else the one the user reported (a check that got 200
        // saw the site work from here; the user's 502 is still the problem).
        var code = s.Diagnosis?.Verdict.ErrorStatus ?? s.ReportedStatusCode;
        var target = s.Target ?? ReportTarget.EverySite;
        // The problem in the help desk's words (the status' reason phrase is HTTP's own, the same in every language).
        var what = code is { } c ? $"{c.ToString(CultureInfo.InvariantCulture)} {ReasonPhrase(c)}".Trim() : deskRunbook?.Title ?? desk.TitleSiteProblem;
        var host = s.Diagnosis?.Target.Host ?? HostOf(s.Target);
        var service = (s.ServiceName is { } name ? services.Entries.FirstOrDefault(e => e.Name == name) : null) ?? (host is null ? null : services.FindByHost(host));
        var policy = runbook?.Escalation ?? EscalationPolicy.Default;
        var impact = s.Scope == Understanding.ReportScope.AllSites ? "single-user-all-sites" : policy.Impact;
        return new EscalationRequest(
            EscalationId: "esc-" + record.CaseId,
            CaseId: record.CaseId,
            Target: target,
            StatusCode: code,
            ProblemTitle: desk.TitleOn(what, service?.Name ?? s.Target ?? desk.TargetEverySite),
            ReportText: s.ReportText,
            Reporter: new Reporter(s.Reporter.UserId, s.Reporter.Name, s.Reporter.AadObjectId, null, s.Reporter.TenantId),
            StartedAt: s.StartedAt,
            RequestedAt: time.GetUtcNow(),
            Reason: reason,
            Diagnosis: s.Diagnosis,
            Steps: StepsFor(s, deskRunbook),
            Platform: s.Platform == Platform.Unknown ? null : PlatformNames.Key(s.Platform),
            Urgency: reason == EscalationReason.ServerSideFault && policy.Urgency == "medium" ? "high" : policy.Urgency,
            Impact: impact,
            Route: new ServiceRoute(service?.Name, service?.OwningTeam, service?.Category, service?.AssignmentGroup),
            Conversation: new ConversationLink(s.Channel.TenantId, DeepLink(s, CaseRepository.CardActivityOf(record, s))))
        {
            TraceParent = ConversationTelemetry.CurrentTraceParent() ?? s.TraceParent,
            Language = s.Language,
        };
    }

    /// <summary>The steps tried, titled as the help desk's language words them (the case keeps the runbook's English).</summary>
    private static List<StepRecord> StepsFor(CaseState s, Runbook? inDeskLanguage) => s.Answers.Select(a =>
    {
        var step = inDeskLanguage?.FindStep(a.StepId);
        var answer = step?.Answers.FirstOrDefault(x => string.Equals(x.Id, a.Answer, StringComparison.Ordinal));
        return new StepRecord(a.StepId, step?.Title ?? a.Title, a.Answer, answer?.Title ?? a.AnswerText, a.At);
    }).ToList();

    private static string? HostOf(string? target)
    {
        if (target is null)
        {
            return null;
        }

        var withScheme = target.Contains("://", StringComparison.Ordinal) ? target : "https://" + target;
        return Uri.TryCreate(withScheme, UriKind.Absolute, out var u) ? u.Host : null;
    }

    /// <summary>Teams deep link to the card's message (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-teams).</summary>
    private static string? DeepLink(CaseState s, string? cardActivityId)
    {
        if (cardActivityId is null)
        {
            return null;
        }

        var conversation = s.Channel.ConversationId.Split(';')[0];
        var tenant = s.Channel.TenantId is null ? string.Empty : "?tenantId=" + Uri.EscapeDataString(s.Channel.TenantId);
        return $"https://teams.microsoft.com/l/message/{Uri.EscapeDataString(conversation)}/{Uri.EscapeDataString(cardActivityId)}{tenant}";
    }

    private static string ReasonPhrase(int code) => code switch
    {
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => string.Empty,
    };
}
