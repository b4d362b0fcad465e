using HelpdeskBot.Conversations;
using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Testing;
using HelpdeskBot.Testing.Cards;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Options;
using static HelpdeskBot.Tests.Localization.DiagnosisShapes;

namespace HelpdeskBot.Tests.Localization;

/// <summary>
/// The sweep: for each language but English, every card and ticket the bot renders, in a broad set of real shapes
/// (<see cref="DiagnosisShapes"/>: every verdict, failure and finding kind; every phase of a case; every step of every
/// shipped runbook on every platform; the help desk's incident card in each state; the ticket and its follow-up
/// comment), holds no English (<see cref="EnglishLeftovers"/>) — product names, hosts and the codes in code font aside.
/// Each card is schema-valid.
/// </summary>
public sealed class NoEnglishLeftTests
{
    /// <summary>The runbooks as the bot loads them (copied next to the tests).</summary>
    private static readonly RunbookCatalog Runbooks = new(RunbookLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "runbooks")));

    public static TheoryData<string> OtherLanguages => new(TextCatalogue.Shipped.Where(l => l != TextCatalogue.English));

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void The_users_evidence_and_verdict_hold_no_english(string language)
    {
        var t = UserTexts.For(language);
        var found = new Findings(language);
        foreach (var (name, d) in All())
        {
            foreach (var asReported in new[] { false, true })
            {
                var card = new AdaptiveCard { Body = [.. EvidenceSection.Build(d, Host, t, asReported)] };
                found.InCard($"evidence of {name}", card, user: true);
            }
        }

        found.AssertNone();
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void The_ticket_and_the_desks_check_hold_no_english(string language)
    {
        var desk = DeskTexts.For(language);
        var found = new Findings(language);
        foreach (var (name, d) in All())
        {
            var request = Escalation(language) with { Diagnosis = d, StatusCode = d.Verdict.ErrorStatus };
            found.In($"ticket of {name}", EnglishLeftovers.DocumentTexts(TicketDocumentBuilder.Build(request, desk)));
            found.In($"follow-up of {name}", EnglishLeftovers.DocumentTexts(TicketDocumentBuilder.AlsoAffected(request, 3, desk)));
            found.In($"title of {name}", [TicketTitle.Build(request, 3, desk)]);
            found.In($"desk check of {name}", [DeskProbe.Words(DeskProbe.Snapshot(d, desk), desk)]);
        }

        found.AssertNone();
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void Every_card_of_a_case_holds_no_english(string language)
    {
        var t = UserTexts.For(language);
        var cards = new CaseCards(Runbooks, Options.Create(new ConversationsOptions()));
        var found = new Findings(language);
        var record = new CaseRecord("case-1", "conv-1", "29:1abc", Host, CaseStatus.Open, "{}", 3, At, At);
        foreach (var (name, state) in CaseStates(language))
        {
            found.InCard(name, cards.Render(record, state), user: true);
            found.In($"{name} progress", [cards.Progress(state, t) ?? string.Empty]);
        }

        found.InCard("status", InfoCards.Status(t, [.. CaseStates(language).Take(12).Select(s => (record, s.State))], cards.Progress), user: true);
        found.InCard("help", InfoCards.Help(t, welcome: true), user: true);
        found.InCard("language picker", LanguageCards.Picker(t, chosen: true), user: true);
        found.AssertNone();
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void The_help_desks_incident_card_holds_no_english(string language)
    {
        var t = DeskTexts.For(language);
        var cards = new IncidentCards(Options.Create(new IncidentsOptions()), t);
        var found = new Findings(language);
        var incident = new Incident("inc-1", Host, "esc-1", 3, ["Ada Lovelace", "Anna Schmidt"], null, At, At.AddMinutes(9), false);
        var failing = DeskProbe.Snapshot(Verdicts().First(v => v.Item2.Verdict.Kind == VerdictKind.UpstreamFailing && v.Item2.Verdict.AnsweredBy is not null).Item2, t);
        var healthy = DeskProbe.Snapshot(Verdicts().First(v => v.Item2.Verdict.Kind == VerdictKind.Healthy).Item2, t);
        var desk = new IncidentDeskState { Target = Host, StatusCode = 502, ProducerProduct = "nginx", ProducerRole = HopRole.Gateway, LastProbe = failing, Notes = 2, LastEventText = DeskText.WithCount(nameof(DeskTexts.DashNotTaken), 3) };
        var states = new (string, Incident, IncidentDeskState)[]
        {
            ("new", incident, desk),
            ("taken, with a ticket", incident with { Ticket = new TicketRef("zendesk", "INC0012345", "https://contoso.zendesk.com/agent/tickets/12345", null) }, desk with { Status = DeskStatus.Taken, TakenByName = "Anna Schmidt", TakenAt = At.AddMinutes(3) }),
            ("looks fixed", incident, desk with { LastProbe = healthy, HealthyStreak = 3, HealthySince = At.AddMinutes(20) }),
            ("resolve refused", incident, desk with { Status = DeskStatus.Taken, ConfirmResolveEvidence = Operators, ConfirmResolveProbe = failing }),
            ("resolved", incident with { Closed = true }, desk with { Status = DeskStatus.Resolved, ResolvedAt = At.AddHours(1), LastProbe = healthy }),
            ("every site, no status", incident with { TargetKey = string.Empty }, new IncidentDeskState { Target = string.Empty }),
        };
        foreach (var (name, inc, state) in states)
        {
            found.InCard($"incident {name}", cards.Incident(new DeskIncident(inc, state, 4, null, false)), user: false);
        }

        found.AssertNone();
    }

    /// <summary>A case in each phase and variant a reader meets, with every step of every runbook on every platform.</summary>
    private static IEnumerable<(string Name, CaseState State)> CaseStates(string language)
    {
        var d = Verdicts().First(v => v.Item2.Verdict.Kind == VerdictKind.UpstreamFailing && v.Item2.Verdict.AnsweredBy is not null).Item2;
        var healthy = Verdicts().First(v => v.Item2.Verdict.Kind == VerdictKind.Healthy).Item2;
        var first = Runbooks.Runbooks[0];
        var answered = first.Steps.Take(2).Select(s => new AnsweredStep(s.Id, s.Title, s.Answers[0].Id, s.Answers[0].Title, At)).ToList();
        var baseState = new CaseState
        {
            ReportText = "502",
            Reporter = new CaseParticipant("29:1abc", "Ada Lovelace", null, "tenant-1"),
            Channel = new CaseChannel("https://smba.trafficmanager.net/emea/", "conv-1", "personal", "28:bot", "HelpdeskBot", "tenant-1"),
            StartedAt = At,
            Language = language,
            Target = Host,
            Diagnosis = d,
            RunbookId = first.Id,
            ReportedStatusCode = 502,
        };
        yield return ("awaiting target", baseState with { Phase = CasePhase.AwaitingTarget, Target = null, Diagnosis = null });
        yield return ("awaiting target, no code", baseState with { Phase = CasePhase.AwaitingTarget, Target = null, Diagnosis = null, ReportedStatusCode = null, RunbookId = null });
        yield return ("diagnosing", baseState with { Phase = CasePhase.Diagnosing, Diagnosis = null });
        yield return ("diagnosing every site", baseState with { Phase = CasePhase.Diagnosing, Diagnosis = null, Target = null, Scope = ReportScope.AllSites });
        foreach (var runbook in Runbooks.Runbooks)
        {
            foreach (var step in runbook.Steps)
            {
                foreach (var platform in new[] { Platform.Unknown }.Concat(step.IsPlatformSpecific ? PlatformNames.All : []))
                {
                    yield return ($"{runbook.Id} {step.Id} {platform}", baseState with { Phase = CasePhase.OnStep, RunbookId = runbook.Id, CurrentStepId = step.Id, Platform = platform });
                }
            }
        }

        var escalated = baseState with { Phase = CasePhase.Escalated, EscalationReason = EscalationReason.StepsExhausted, Answers = answered };
        yield return ("escalated, queued", escalated);
        yield return ("escalated server-side, ticket", escalated with { EscalationReason = EscalationReason.ServerSideFault, TicketNumber = "INC0012345", TicketUrl = "https://contoso.zendesk.com/agent/tickets/12345", AffectedUsers = 3 });
        yield return ("escalated, parked and announced", escalated with { ParkedReason = Operators, ParkedAnnounced = true });
        yield return ("escalated, parked", escalated with { ParkedReason = Operators });
        yield return ("escalated, still broken", escalated with { TicketNumber = "INC0012345", StillBrokenAt = At.AddHours(2), StillBrokenToChannel = true });
        yield return ("escalated, still broken, no channel", escalated with { TicketNumber = "INC0012345", StillBrokenAt = At.AddHours(2) });
        yield return ("escalated, fix reopened", escalated with { TicketNumber = "INC0012345", FixReopenedAt = At.AddHours(2) });
        yield return ("escalated healthy, follow", escalated with { Diagnosis = healthy, TicketNumber = "INC0012345" });
        yield return ("escalated healthy, following", escalated with { Diagnosis = healthy, TicketNumber = "INC0012345", FollowsFix = true });
        yield return ("fixed, verified", escalated with { TicketNumber = "INC0012345", FixedAt = At.AddHours(1), FixVerified = true });
        yield return ("fixed, marked", escalated with { FixedAt = At.AddHours(1) });
        yield return ("resolved", baseState with { Phase = CasePhase.Resolved });
        yield return ("resolved, rated", baseState with { Phase = CasePhase.Resolved, Rating = 5 });
        yield return ("abandoned on a step", baseState with { Phase = CasePhase.Abandoned, PhaseBeforeAbandon = CasePhase.OnStep, CurrentStepId = first.Steps[0].Id });
        yield return ("abandoned while diagnosing", baseState with { Phase = CasePhase.Abandoned, PhaseBeforeAbandon = CasePhase.Diagnosing });
        yield return ("cancelled", baseState with { Phase = CasePhase.Cancelled });
        yield return ("in a group chat", baseState with { Phase = CasePhase.OnStep, CurrentStepId = first.Steps[0].Id, Channel = baseState.Channel with { ConversationType = "groupChat" } });
    }

    /// <summary>An escalation as the bot makes it for a report in <paramref name="language"/>: the user's words as written, the steps in the desk's language.</summary>
    private static EscalationRequest Escalation(string language)
    {
        var runbook = Runbooks.Runbooks[0].In(language);
        var step = runbook.Steps[0];
        return TestEscalations.Create("esc-sweep") with
        {
            ReportText = UserTexts.For(language).HelpExamples.Split('\n')[0].TrimStart('-', ' '),
            Language = language,
            Steps = [new StepRecord(step.Id, step.Title, step.Answers[0].Id, step.Answers[0].Title, At)],
        };
    }

    /// <summary>What the sweep found, by shape, reported all at once.</summary>
    private sealed class Findings(string language)
    {
        private readonly EnglishLeftovers _english = new(language, Runbooks, ProbesEnglish, [.. Data, "Ada Lovelace Anna Schmidt ada@contoso.com INC0012345 Collaboration Collab-L2 HelpdeskBot"]);
        private readonly List<string> _found = [];

        public void InCard(string shape, AdaptiveCard card, bool user)
        {
            AdaptiveCardSchema.AssertValid(card);
            var texts = EnglishLeftovers.CardTexts(card).ToList();
            In(shape, texts);
            if (user)
            {
                // The user's cards show times in the reader's zone ({{DATE}}/{{TIME}}), never as UTC.
                _found.AddRange(texts.Where(x => x.Contains("UTC", StringComparison.Ordinal)).Select(x => $"{shape}: UTC in \"{x}\""));
            }
        }

        public void In(string shape, IEnumerable<string> texts)
        {
            foreach (var text in texts)
            {
                _found.AddRange(_english.In(text).Select(word => $"{shape}: '{word}' in \"{text}\""));
            }
        }

        public void AssertNone() =>
            Assert.True(_found.Count == 0, $"{language}: {_found.Count} English leftovers, e.g.\n" + string.Join("\n", _found.Distinct().Take(40)));
    }
}
