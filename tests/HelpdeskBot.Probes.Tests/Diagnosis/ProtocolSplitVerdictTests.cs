using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Http;
using HelpdeskBot.Probes.Targets;

namespace HelpdeskBot.Probes.Tests.Diagnosis;

/// <summary>
/// The verdict when a site fails over one protocol only, from the evidence as the attempts record it (the loopback
/// scenarios in Http2ScenarioTests run over self-signed certificates, so their verdict is the TLS one; here the TLS
/// is clean and the split is the verdict itself).
/// </summary>
public sealed class ProtocolSplitVerdictTests
{
    private static readonly HopIdentity Nginx = new("nginx", "nginx", HopRole.Gateway, "nginx got no valid answer from the server behind it", "Server: nginx/1.26.2", HopFault.Upstream, HopSource.Catalogue);

    [Fact]
    public void Every_attempt_working_over_http2_and_the_http1_check_failing_is_the_sites_fault_over_http1()
    {
        var verdict = VerdictRules.Decide(Input([Attempt(1, "h2", 200), Attempt(2, "h2", 200)], Attempt(3, "http/1.1", 502, Nginx)));

        Assert.Equal((VerdictKind.UpstreamFailing, 502, "nginx", true), (verdict.Kind, verdict.StatusCode, verdict.AnsweredBy?.Id, verdict.ServerSideFault));
        Assert.Equal(("http/1.1", "h2", "502"), (verdict.ProtocolSplit?.Failing, verdict.ProtocolSplit?.Working, verdict.ProtocolSplit?.FailingResult));
        Assert.Equal((1, 3, "h2"), (verdict.FailedAttempts, verdict.TotalAttempts, verdict.Protocol));
    }

    [Fact]
    public void An_http1_check_that_broke_without_an_answer_names_the_error()
    {
        var verdict = VerdictRules.Decide(Input([Attempt(1, "h2", 200)], Attempt(2, "http/1.1", null)));

        Assert.Equal((VerdictKind.OriginError, null), (verdict.Kind, verdict.StatusCode));
        Assert.Equal(("http/1.1", "h2", "connection reset"), (verdict.ProtocolSplit?.Failing, verdict.ProtocolSplit?.Working, verdict.ProtocolSplit?.FailingResult));
    }

    [Theory]
    [InlineData(null)] // the handshake refused HTTP/1.1: an h2-only site's choice, not a failure
    [InlineData("http/1.1")] // the check worked (200)
    public void Without_an_http1_failure_a_site_working_over_http2_is_healthy(string? checkProtocol)
    {
        var check = checkProtocol is null ? Attempt(3, null, null) : Attempt(3, checkProtocol, 200);

        var verdict = VerdictRules.Decide(Input([Attempt(1, "h2", 200), Attempt(2, "h2", 200)], check));

        Assert.Equal((VerdictKind.Healthy, null), (verdict.Kind, verdict.ProtocolSplit));
    }

    [Fact]
    public void Http2_breaking_and_the_http1_check_working_is_still_the_split_the_other_way()
    {
        var verdict = VerdictRules.Decide(Input([Attempt(1, "h2", null), Attempt(2, "h2", null)], Attempt(3, "http/1.1", 200)));

        Assert.Equal(("h2", "http/1.1"), (verdict.ProtocolSplit?.Failing, verdict.ProtocolSplit?.Working));
    }

    private static VerdictInput Input(IReadOnlyList<HttpAttemptResult> direct, HttpAttemptResult check)
    {
        Assert.True(TargetParser.TryParse("https://wiki.contoso.test/", out var target, out _));
        return new VerdictInput(target, null, true, [], null, direct, [], null, null, check);
    }

    private static HttpAttemptResult Attempt(int n, string? protocol, int? status, HopIdentity? hop = null) => new(
        new HttpAttemptEvidence(n, "direct", "https://wiki.contoso.test/", status, status is null ? "connection reset" : null,
            new PhaseTimings(TimeSpan.Zero, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(4)),
            new Dictionary<string, string>(), null, null, hop, [])
        {
            Protocol = protocol,
        },
        [],
        null,
        null);
}
