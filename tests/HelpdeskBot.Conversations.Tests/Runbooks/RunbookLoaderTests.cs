using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Conversations.Tests.Runbooks;

public sealed class RunbookLoaderTests
{
    private static readonly string ShippedDirectory = Path.Combine(AppContext.BaseDirectory, "runbooks");

    internal const string Valid = """
        id: t
        title: Test
        appliesTo: { statusCodes: [502] }
        steps:
          - id: scope
            title: Scope
            instructions: Which?
            answers:
              - id: all-sites
                title: All
                sets: { scope: all-sites }
          - id: hard-refresh
            title: Refresh
            when: { answers: { scope: all-sites } }
            instructions:
              windows: Ctrl+F5
              macos: Cmd+Shift+R
        """;

    [Fact]
    public void Shipped_runbooks_load_and_cover_502_503_504_500_and_unreachable()
    {
        var catalog = new RunbookCatalog(RunbookLoader.LoadDirectory(ShippedDirectory));

        Assert.Equal("http-502", catalog.Select(ProblemKind.HttpStatus, 502, null)?.Id);
        Assert.Equal("http-503", catalog.Select(ProblemKind.HttpStatus, 503, null)?.Id);
        Assert.Equal("http-504", catalog.Select(ProblemKind.HttpStatus, 504, null)?.Id);
        Assert.Equal("http-500", catalog.Select(ProblemKind.HttpStatus, 500, null)?.Id);
        Assert.Equal("http-500", catalog.Select(ProblemKind.HttpStatus, 599, null)?.Id);
        Assert.Equal("unreachable", catalog.Select(ProblemKind.NameNotResolved, null, null)?.Id);
        Assert.Equal("unreachable", catalog.Select(ProblemKind.TimedOut, null, null)?.Id);
        Assert.Equal("unreachable", catalog.Select(ProblemKind.Unspecified, null, null)?.Id);
    }

    [Fact]
    public void Shipped_502_runbook_follows_the_seed_article_order()
    {
        var rb = new RunbookCatalog(RunbookLoader.LoadDirectory(ShippedDirectory)).Find("http-502")!;

        Assert.Equal(["scope", "hard-refresh", "other-browser", "bypass-proxy", "reboot-network", "public-dns", "contact-owner"], rb.Steps.Select(s => s.Id));
        Assert.Equal(true, rb.Escalation.EscalateImmediatelyWhen?.ServerSideFault);
        var refresh = rb.FindStep("hard-refresh")!;
        Assert.Contains("Ctrl+F5", refresh.InstructionsFor(Platform.Windows), StringComparison.Ordinal);
        Assert.Contains("Cmd+Shift+R", refresh.InstructionsFor(Platform.MacOS), StringComparison.Ordinal);
        var dns = rb.FindStep("public-dns")!;
        foreach (var p in PlatformNames.All)
        {
            var text = dns.InstructionsFor(p);
            Assert.True(text.Contains("1.1.1.1", StringComparison.Ordinal) || text.Contains("one.one.one.one", StringComparison.Ordinal), $"{p}: {text}");
        }
    }

    [Fact]
    public void Healthy_site_walks_client_steps_and_all_sites_skips_site_specific_ones()
    {
        var rb = new RunbookCatalog(RunbookLoader.LoadDirectory(ShippedDirectory)).Find("http-502")!;
        var answers = new Dictionary<string, string>();
        RunbookFacts Facts(ReportScope scope) => new(scope, 502, VerdictKind.Healthy, false, 200, Platform.Windows, answers);

        var order = new List<string>();
        for (var step = rb.NextStep(null, Facts(ReportScope.ThisSite)); step is not null; step = rb.NextStep(step.Id, Facts(ReportScope.ThisSite)))
        {
            order.Add(step.Id);
        }

        // A site that works from the server side has nothing for its owner to fix: contact-owner's skipWhen.
        Assert.Equal(["hard-refresh", "other-browser", "bypass-proxy", "reboot-network", "public-dns"], order);

        order.Clear();
        for (var step = rb.NextStep(null, Facts(ReportScope.AllSites)); step is not null; step = rb.NextStep(step.Id, Facts(ReportScope.AllSites)))
        {
            order.Add(step.Id);
        }

        Assert.Equal(["bypass-proxy", "reboot-network", "public-dns"], order);
        Assert.Equal("reboot-network", rb.NextStep("bypass-proxy", Facts(ReportScope.AllSites))?.Id);
    }

    [Theory]
    [InlineData(VerdictKind.UpstreamFailing, null, false, new[] { "scope", "contact-owner" })]
    [InlineData(VerdictKind.OriginError, null, true, new[] { "scope", "public-dns", "contact-owner" })]
    [InlineData(VerdictKind.Intermittent, null, false, new[] { "scope", "hard-refresh", "contact-owner" })]
    [InlineData(VerdictKind.DnsFailure, ResolverOutcome.Nodata, false, new[] { "scope", "contact-owner" })]
    [InlineData(VerdictKind.DnsFailure, null, false, new[] { "scope", "bypass-proxy", "reboot-network", "public-dns", "contact-owner" })]
    [InlineData(VerdictKind.ProxyProblem, null, false, new[] { "scope", "hard-refresh", "bypass-proxy", "reboot-network" })]
    [InlineData(VerdictKind.ResolversDisagree, null, true, new[] { "scope", "bypass-proxy", "reboot-network", "public-dns", "contact-owner" })]
    [InlineData(VerdictKind.BotNetworkProblem, null, false, new[] { "scope", "hard-refresh", "other-browser", "bypass-proxy", "reboot-network", "public-dns", "contact-owner" })]
    public void Shipped_502_runbook_skips_what_the_verdict_rules_out(VerdictKind kind, ResolverOutcome? dns, bool disagree, string[] remaining)
    {
        var rb = new RunbookCatalog(RunbookLoader.LoadDirectory(ShippedDirectory)).Find("http-502")!;
        var verdict = new Verdict(kind, 0.9, null, null, 0, 0, false) { DnsOutcome = dns, ResolversDisagree = disagree };
        var facts = RunbookFacts.Of(ReportScope.Unknown, 502, verdict, Platform.Windows, new Dictionary<string, string>());

        Assert.Equal(remaining, rb.Steps.Where(s => !s.IsSkipped(facts)).Select(s => s.Id));
    }

    [Fact]
    public void A_step_is_never_skipped_before_the_diagnosis()
    {
        var rb = new RunbookCatalog(RunbookLoader.LoadDirectory(ShippedDirectory)).Find("http-502")!;
        var facts = RunbookFacts.Of(ReportScope.Unknown, 502, null, Platform.Windows, new Dictionary<string, string>());

        Assert.All(rb.Steps, s => Assert.False(s.IsSkipped(facts), s.Id));
    }

    [Fact]
    public void Valid_runbook_parses()
    {
        var (rb, errors) = RunbookLoader.Parse("t.yaml", Valid);

        Assert.Empty(errors);
        Assert.Equal(ReportScope.AllSites, rb!.Steps[0].Answers[0].SetsScope);
        Assert.Equal(3, rb.Steps[1].Answers.Count);
        Assert.True(rb.Steps[1].IsPlatformSpecific);
    }

    [Theory]
    [InlineData("unknown-step", "    title: Refresh\n", "    title: Refresh\n    answers:\n      - id: x\n        title: X\n        goto: nowhere\n", 17, "unknown step 'nowhere' in goto")]
    [InlineData("duplicate-id", "  - id: hard-refresh", "  - id: scope", 12, "duplicate step id 'scope' (first at line 5)")]
    [InlineData("missing-title", "    title: Refresh\n", "\n", 12, "step 'hard-refresh' is missing title")]
    [InlineData("bad-condition", "{ answers: { scope: all-sites } }", "{ scope: everywhere }", 14, "bad condition: scope 'everywhere' is not one of unknown, this-site, all-sites")]
    [InlineData("bad-condition-answer", "{ answers: { scope: all-sites } }", "{ answers: { scope: some-sites } }", 14, "step 'scope' has no answer 'some-sites'")]
    [InlineData("bad-verdict", "{ answers: { scope: all-sites } }", "{ verdict: sunny }", 14, "bad condition: verdict 'sunny'")]
    [InlineData("unknown-platform", "      macos: Cmd+Shift+R", "      windowsphone: Cmd+Shift+R", 17, "unknown platform 'windowsphone'")]
    [InlineData("unknown-key", "    title: Refresh\n", "    title: Refresh\n    colour: red\n", 14, "unknown key 'colour' in step")]
    [InlineData("skip-unknown-fact", "    title: Refresh\n", "    title: Refresh\n    skipWhen:\n      - { verdict: healthy }\n      - { weather: sunny }\n", 16, "unknown key 'weather' in condition in step 'hard-refresh' skipWhen")]
    [InlineData("skip-bad-dns-outcome", "    title: Refresh\n", "    title: Refresh\n    skipWhen: { dnsOutcome: [nodata, missing] }\n", 14, "bad condition: dnsOutcome 'missing' is not one of nxdomain, nodata, servfail")]
    [InlineData("skip-bad-protocol", "    title: Refresh\n", "    title: Refresh\n    skipWhen: { protocol: h3 }\n", 14, "bad condition: protocol 'h3' is not one of h2, http/1.1")]
    [InlineData("skip-bad-hop-role", "    title: Refresh\n", "    title: Refresh\n    skipWhen: { hopRole: router }\n", 14, "bad condition: hopRole 'router' is not one of origin, gateway, load-balancer, cdn, proxy")]
    [InlineData("skip-empty", "    title: Refresh\n", "    title: Refresh\n    skipWhen: []\n", 14, "an empty list never holds")]
    public void Invalid_runbook_error_names_file_line_and_problem(string name, string find, string replace, int line, string problem)
    {
        var yaml = Valid.ReplaceLineEndings("\n").Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Valid, yaml);

        var (rb, errors) = RunbookLoader.Parse($"{name}.yaml", yaml);

        Assert.Null(rb);
        var error = Assert.Single(errors);
        Assert.Equal($"{name}.yaml", error.File);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void Directory_with_two_runbooks_for_one_code_fails_at_load_with_both_files()
    {
        var dir = Directory.CreateTempSubdirectory("runbooks-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.yaml"), Valid);
            File.WriteAllText(Path.Combine(dir, "b.yaml"), Valid.Replace("id: t\n", "id: u\n", StringComparison.Ordinal));

            var ex = Assert.Throws<RunbookValidationException>(() => RunbookLoader.LoadDirectory(dir));

            Assert.Contains(ex.Errors, e => e.File.EndsWith("b.yaml", StringComparison.Ordinal) && e.Problem.Contains("status code 502 is also handled by runbook 't'", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
