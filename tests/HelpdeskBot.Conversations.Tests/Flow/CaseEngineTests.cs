using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Catalog;
using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Conversations.Tests.Flow;

/// <summary>
/// The case state machine on its own (no host, no store): for every verdict, where the diagnosis leads; for every
/// kind of answer, where the click leads. The runbook is written here so each row's expectation can be read off it.
/// </summary>
public sealed class CaseEngineTests
{
    private const string Yaml = """
        id: t
        title: Test
        appliesTo: { statusCodes: [502] }
        escalation:
          escalateImmediatelyWhen: serverSideFault
          whenStepsExhausted: true
        steps:
          - id: scope
            title: Scope
            when: { scope: unknown }
            instructions: Does every site fail?
            answers:
              - id: only-this-site
                title: Only this site
                sets: { scope: this-site }
              - id: all-sites
                title: Every site
                sets: { scope: all-sites }
          - id: refresh
            title: Reload
            skipWhen:
              - { verdict: [resolvers-disagree, dns-failure] }
            instructions: Reload without the cache.
          - id: proxy
            title: Without the proxy
            when: { scope: [this-site, unknown] }
            instructions: Switch the proxy off.
          - id: owner
            title: Contact the owner
            skipWhen:
              - { verdict: healthy }
            instructions: Ask the site's owner.
            answers:
              - id: ticket
                title: Open a ticket
                outcome: escalate
              - id: again
                title: Start again
                goto: refresh
              - id: works
                title: It works now
                outcome: resolved
        """;

    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly CaseEngine _engine;

    public CaseEngineTests()
    {
        var (runbook, errors) = RunbookLoader.Parse("t.yaml", Yaml);
        Assert.Empty(errors);
        var parser = new ReportParser(ServiceCatalogLoader.Load(Path.Combine(AppContext.BaseDirectory, "catalog", "services.yaml")));
        _engine = new CaseEngine(new RunbookCatalog([runbook!]), parser, new FakeTimeProvider(Start));
    }

    /// <summary>
    /// Every verdict (with the server-side flag the verdict rules give it) → the escalation or the first step. Server-side
    /// faults escalate at once (the runbook's escalateImmediatelyWhen); the others start at the first step their facts allow.
    /// </summary>
    private static readonly (VerdictKind Kind, bool ServerSide, string Expected)[] VerdictRows =
    [
        (VerdictKind.Healthy, false, "step refresh"),
        (VerdictKind.UpstreamFailing, true, "escalated ServerSideFault"),
        (VerdictKind.GatewayUnreachable, true, "escalated ServerSideFault"),
        (VerdictKind.DnsFailure, true, "escalated ServerSideFault"),
        (VerdictKind.DnsFailure, false, "step proxy"), // NODATA or no answer: not surely the site's fault; reloading cannot help
        (VerdictKind.ResolversDisagree, false, "step proxy"),
        (VerdictKind.TlsProblem, true, "escalated ServerSideFault"),
        (VerdictKind.Intermittent, true, "escalated ServerSideFault"),
        (VerdictKind.ProxyProblem, false, "step refresh"),
        (VerdictKind.BotNetworkProblem, false, "step refresh"),
        (VerdictKind.OriginError, true, "escalated ServerSideFault"),
        (VerdictKind.Refused, false, "step refresh"),
        (VerdictKind.GatewayFault, true, "escalated ServerSideFault"),
    ];

    public static TheoryData<VerdictKind, bool, string> EveryVerdict
    {
        get
        {
            var data = new TheoryData<VerdictKind, bool, string>();
            foreach (var (kind, serverSide, expected) in VerdictRows)
            {
                data.Add(kind, serverSide, expected);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(EveryVerdict))]
    public void A_diagnosis_escalates_a_server_side_fault_and_otherwise_starts_the_first_step_it_allows(VerdictKind kind, bool serverSide, string expected)
    {
        var t = _engine.AfterDiagnosis(Diagnosing(ReportScope.ThisSite), Diagnosed(kind, serverSide));

        Assert.Equal(expected, Where(t));
        Assert.Equal(kind.ToString(), t.EventDetail);
        Assert.Equal(t.State.Phase == CasePhase.Escalated ? "escalated" : "diagnosed", t.EventKind);
        Assert.Equal(kind, t.State.Diagnosis?.Verdict.Kind);
    }

    [Fact]
    public void The_table_holds_every_verdict()
    {
        Assert.Equal(Enum.GetValues<VerdictKind>().ToHashSet(), VerdictRows.Select(row => row.Kind).ToHashSet());
    }

    [Fact]
    public void Without_a_probe_the_first_step_starts_and_an_unknown_scope_asks_for_it_first()
    {
        var unprobed = _engine.AfterDiagnosis(Diagnosing(ReportScope.ThisSite), null);

        Assert.Equal(("step refresh", "no-probe"), (Where(unprobed), unprobed.EventDetail));
        Assert.Equal("step scope", Where(_engine.AfterDiagnosis(Diagnosing(ReportScope.Unknown), Diagnosed(VerdictKind.Healthy, false))));
    }

    /// <summary>Step, answer, scope before (a <see cref="ReportScope"/> name) → where it leads (every answer outcome: resolved, next, escalate, goto, sets scope).</summary>
    public static TheoryData<string, string, string, string> EveryAnswer => new()
    {
        { "refresh", "fixed", "ThisSite", "resolved" },
        { "refresh", "still-broken", "ThisSite", "step proxy" },
        { "refresh", "cannot", "ThisSite", "step proxy" },
        { "refresh", "still-broken", "AllSites", "step owner" }, // the proxy step is for this site only
        { "proxy", "still-broken", "ThisSite", "step owner" },
        { "owner", "ticket", "ThisSite", "escalated StepsExhausted" },
        { "owner", "works", "ThisSite", "resolved" },
        { "owner", "again", "ThisSite", "step refresh" },
        { "scope", "only-this-site", "Unknown", "step refresh" },
        { "scope", "all-sites", "Unknown", "step refresh" },
    };

    [Theory]
    [MemberData(nameof(EveryAnswer))]
    public void An_answer_leads_where_its_outcome_says(string step, string answer, string scope, string expected)
    {
        var t = _engine.Apply(OnStep(step, Enum.Parse<ReportScope>(scope)), Click(Verbs.Answer, (Verbs.StepKey, step), (Verbs.AnswerKey, answer)));

        Assert.NotNull(t);
        Assert.Equal(expected, Where(t));
        Assert.Equal($"{step}={answer}", t.EventDetail);
        var recorded = Assert.Single(t.State.Answers);
        Assert.Equal((step, answer, Start), (recorded.StepId, recorded.Answer, recorded.At));
    }

    [Fact]
    public void A_scope_answer_sets_the_scope_that_later_steps_depend_on()
    {
        var everySite = _engine.Apply(OnStep("scope", ReportScope.Unknown), Click(Verbs.Answer, (Verbs.StepKey, "scope"), (Verbs.AnswerKey, "all-sites")))!;

        Assert.Equal(ReportScope.AllSites, everySite.State.Scope);
        var next = _engine.Apply(everySite.State, Click(Verbs.Answer, (Verbs.StepKey, "refresh"), (Verbs.AnswerKey, "still-broken")))!;
        Assert.Equal("step owner", Where(next));
    }

    [Fact]
    public void Still_broken_on_the_last_step_escalates_because_the_steps_are_exhausted()
    {
        // A healthy verdict rules out the owner step: nothing is left after the proxy step.
        var lastStep = OnStep("proxy", ReportScope.ThisSite) with { Diagnosis = Diagnosed(VerdictKind.Healthy, false) };

        var t = _engine.Apply(lastStep, Click(Verbs.Answer, (Verbs.StepKey, "proxy"), (Verbs.AnswerKey, "still-broken")))!;

        Assert.Equal(("escalated StepsExhausted", "escalated"), (Where(t), t.EventKind));
    }

    /// <summary>Clicks that do not fit the case are ignored (null: the current card is shown again), never guessed at.</summary>
    public static TheoryData<string, string, string> IgnoredClicks => new()
    {
        { "an answer to a step that is not the current one", "proxy", "still-broken" },
        { "an answer the step does not offer", "refresh", "ticket" },
        { "a step the runbook does not have", "reboot", "fixed" },
    };

    [Theory]
    [MemberData(nameof(IgnoredClicks))]
    public void A_click_that_does_not_fit_the_case_is_ignored(string why, string step, string answer)
    {
        Assert.True(_engine.Apply(OnStep("refresh", ReportScope.ThisSite), Click(Verbs.Answer, (Verbs.StepKey, step), (Verbs.AnswerKey, answer))) is null, why);
    }

    [Fact]
    public void Escalate_cancel_and_check_again_apply_on_a_step_and_not_once_the_case_is_closed()
    {
        var onStep = OnStep("refresh", ReportScope.ThisSite);

        Assert.Equal("escalated UserRequested", Where(_engine.Apply(onStep, Click(Verbs.Escalate))!));
        Assert.Equal(CasePhase.Cancelled, _engine.Apply(onStep, Click(Verbs.Cancel))!.State.Phase);
        var recheck = _engine.Apply(onStep, Click(Verbs.Recheck))!;
        Assert.Equal((CasePhase.Diagnosing, true), (recheck.State.Phase, recheck.Probe));

        var closed = onStep with { Phase = CasePhase.Resolved };
        Assert.All(new[] { Verbs.Escalate, Verbs.Cancel, Verbs.Recheck, Verbs.Answer }, verb => Assert.Null(_engine.Apply(closed, Click(verb, (Verbs.StepKey, "refresh"), (Verbs.AnswerKey, "fixed")))));
    }

    [Fact]
    public void Check_again_stays_on_the_current_step_when_the_new_verdict_still_allows_it()
    {
        var rechecking = OnStep("proxy", ReportScope.ThisSite) with { Phase = CasePhase.Diagnosing };

        Assert.Equal("step proxy", Where(_engine.AfterDiagnosis(rechecking, Diagnosed(VerdictKind.Healthy, false))));
        Assert.Equal("escalated ServerSideFault", Where(_engine.AfterDiagnosis(rechecking, Diagnosed(VerdictKind.OriginError, true))));
    }

    [Fact]
    public void A_rating_is_taken_once_and_only_from_one_to_five()
    {
        var resolved = OnStep("refresh", ReportScope.ThisSite) with { Phase = CasePhase.Resolved, CurrentStepId = null };

        var rated = _engine.Apply(resolved, Click(Verbs.Rate, (Verbs.RatingKey, "4")))!;

        Assert.Equal(4, rated.State.Rating);
        Assert.Null(_engine.Apply(rated.State, Click(Verbs.Rate, (Verbs.RatingKey, "5"))));
        Assert.Null(_engine.Apply(resolved, Click(Verbs.Rate, (Verbs.RatingKey, "6"))));
    }

    private static string Where(Transition t) => t.State.Phase switch
    {
        CasePhase.OnStep => $"step {t.State.CurrentStepId}",
        CasePhase.Escalated => $"escalated {t.State.EscalationReason}",
        CasePhase.Resolved => "resolved",
        var other => other.ToString(),
    };

    private static CaseState Diagnosing(ReportScope scope) => new()
    {
        Phase = CasePhase.Diagnosing,
        ReportText = "I'm getting a 502 on wiki.contoso.com",
        Problem = ProblemKind.HttpStatus,
        ReportedStatusCode = 502,
        Target = "wiki.contoso.com",
        Scope = scope,
        RunbookId = "t",
        Reporter = new CaseParticipant("29:ada", "Ada", null, "tenant"),
        Channel = new CaseChannel("http://127.0.0.1:9/", "a:conv-1", "personal", "28:bot", "HelpdeskBot", "tenant"),
        StartedAt = Start,
        Language = "en",
    };

    private static CaseState OnStep(string step, ReportScope scope) => Diagnosing(scope) with { Phase = CasePhase.OnStep, CurrentStepId = step };

    private static Diagnosis Diagnosed(VerdictKind kind, bool serverSide) => new(
        new ProbeTargetInfo("wiki.contoso.com", "https://wiki.contoso.com/", "wiki.contoso.com", 443, "https"),
        Start,
        TimeSpan.FromSeconds(1),
        new Verdict(kind, 0.9, kind == VerdictKind.Healthy ? 200 : 502, null, serverSide ? 3 : 0, 3, serverSide),
        null, [], null, [], null, null, []);

    private static CaseAction Click(string verb, params (string Key, string Value)[] data) =>
        new(verb, "case-1", 1, data.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal));
}
