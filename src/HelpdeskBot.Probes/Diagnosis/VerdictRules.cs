using HelpdeskBot.Probes.Http;
using HelpdeskBot.Probes.Tls;

namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>
/// Draws the one verdict from the evidence, by explicit ordered rules: the bot's own network, DNS, reachability,
/// TLS, then what the HTTP attempts said (all failed / some failed / none failed), then the proxy comparison.
/// The verdict holds facts only; which runbook steps it makes pointless is the runbooks' <c>skipWhen</c>.
/// </summary>
internal static class VerdictRules
{
    /// <summary>How much less sure a verdict is when the hop is named only by its own headers, not by the catalogue.</summary>
    private const double SelfIdentifiedPenalty = 0.25;

    /// <summary>Less sure still when only the reporter named the hop: their path to the site may not be ours.</summary>
    private const double ReportedPenalty = 0.35;

    public static Verdict Decide(VerdictInput input)
    {
        var disagree = input.Dns?.Disagree == true;
        var direct = input.Direct;
        var n = direct.Count;
        var k = direct.Count(a => a.Failed);
        var controlDown = input.Control is { Total: > 0, Reachable: 0 };
        var protocol = MostCommon(direct.Select(a => a.Evidence.Protocol));

        // 1. Nothing resolves.
        if (!input.Resolved)
        {
            if (controlDown)
            {
                return BotNetwork(input);
            }

            var answers = input.Dns?.Resolvers.Where(r => r.Outcome != ResolverOutcome.Skipped).ToArray() ?? [];
            var decisive = answers.Where(a => a.Outcome is ResolverOutcome.Nxdomain or ResolverOutcome.Nodata or ResolverOutcome.Servfail).ToArray();
            if (decisive.Length > 0 && decisive.Length == answers.Length)
            {
                // Every resolver answered: the name is broken for everyone. A name without addresses (NODATA) exists,
                // so the address the user typed may simply be the wrong one: not on the site's side for sure.
                var outcome = decisive.GroupBy(a => a.Outcome).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
                var nodata = outcome == ResolverOutcome.Nodata;
                return new Verdict(VerdictKind.DnsFailure, nodata ? 0.8 : 0.9, null, null, 0, 0, !nodata) { DnsOutcome = outcome, ResolversDisagree = disagree };
            }

            return new Verdict(VerdictKind.DnsFailure, 0.6, null, null, 0, 0, decisive.Length > 0) { ResolversDisagree = disagree };
        }

        var transportOnly = n > 0 && direct.All(a => a.Evidence.StatusCode is null);

        // 2. Nothing accepts the connection.
        if (transportOnly && input.Tcp.Count > 0 && input.Tcp.All(t => t.Outcome != TcpOutcome.Connected))
        {
            if (controlDown)
            {
                return BotNetwork(input);
            }

            return new Verdict(VerdictKind.GatewayUnreachable, input.Control is null ? 0.7 : 0.9, null, null, k, n, true)
            {
                ConnectOutcomes = [.. input.Tcp.Select(t => t.Outcome).Distinct()],
                ResolversDisagree = disagree,
            };
        }

        var split = Split(direct, input.ProtocolCheck) ?? FailsOverHttp1Only(direct, protocol, input.ProtocolCheck);

        // 3. TLS that a browser would refuse.
        if (input.Tls is { } tls && TlsFindings.Issue(tls) is { } issue)
        {
            return new Verdict(VerdictKind.TlsProblem, 0.9, MostCommonStatus(direct), null, k, n, true) { TlsIssue = issue, Detail = tls.Error, Failure = tls.Failure, Protocol = protocol, ProtocolSplit = split, ResolversDisagree = disagree };
        }

        // 4. Every attempt failed.
        if (n > 0 && k == n)
        {
            if (controlDown)
            {
                return BotNetwork(input);
            }

            if (transportOnly)
            {
                return new Verdict(VerdictKind.OriginError, 0.8, null, null, k, n, true)
                {
                    Detail = direct[0].Evidence.Error,
                    Failure = direct[0].Evidence.Failure,
                    Protocol = protocol,
                    ProtocolSplit = split,
                    ResolversDisagree = disagree,
                };
            }

            var status = MostCommonStatus(direct);
            var answering = direct.Where(a => a.Evidence.StatusCode == status).Select(a => a.Evidence).ToArray();
            var hop = answering.Select(e => e.AnsweredBy).FirstOrDefault(h => h is not null) ?? input.Reported;
            var (kind, confidence) = hop?.Fault switch
            {
                HopFault.Upstream => (VerdictKind.UpstreamFailing, 0.9),
                HopFault.Self => (VerdictKind.GatewayFault, 0.85),
                _ when hop is not null => (VerdictKind.OriginError, 0.8),
                _ => (VerdictKind.OriginError, 0.75),
            };
            return new Verdict(kind, Sure(confidence, hop), status, hop, k, n, true)
            {
                Chain = answering.Select(e => e.Chain).FirstOrDefault(c => c.Count > 0) ?? [],
                Protocol = protocol,
                ProtocolSplit = split,
                ResolversDisagree = disagree,
            };
        }

        // 5. Some attempts failed.
        if (k > 0)
        {
            var failing = direct.Where(a => a.Failed).ToArray();
            var hop = failing.Select(a => a.Evidence.AnsweredBy).FirstOrDefault(h => h is not null)
                ?? (failing.Any(a => a.Evidence.StatusCode is not null) ? input.Reported : null);
            return new Verdict(VerdictKind.Intermittent, Sure(0.8, hop), MostCommonStatus(failing), hop, k, n, true)
            {
                Detail = failing.Select(a => a.Evidence.Error).FirstOrDefault(e => e is not null),
                Failure = failing.Select(a => a.Evidence).FirstOrDefault(e => e.Error is not null)?.Failure,
                Chain = failing.Select(a => a.Evidence.Chain).FirstOrDefault(c => c.Count > 0) ?? [],
                Protocol = protocol,
                ProtocolSplit = split,
                ResolversDisagree = disagree,
            };
        }

        // 6. Every direct attempt worked over HTTP/2, and the site failed over HTTP/1.1: it fails for whatever speaks
        // only HTTP/1.1 on the way (a proxy, an older client), which a browser speaking h2 from here does not see.
        if (split is not null && input.ProtocolCheck is { } h1)
        {
            return OverOneProtocol(h1, split, n, disagree);
        }

        // 7. Every direct attempt worked.
        var ok = MostCommonStatus(direct);
        if (input.Proxy is { ProxyFailed: > 0 } proxy)
        {
            var proxyHop = input.ViaProxy.Where(a => a.Failed).Select(a => a.Evidence.AnsweredBy).FirstOrDefault(h => h is not null);
            return new Verdict(VerdictKind.ProxyProblem, 0.85, input.ViaProxy.FirstOrDefault(a => a.Failed)?.Evidence.StatusCode, proxyHop, proxy.ProxyFailed, proxy.ProxyTotal, false)
            {
                Detail = input.ViaProxy.Where(a => a.Failed).Select(a => a.Evidence.Error).FirstOrDefault(e => e is not null),
                Failure = input.ViaProxy.Where(a => a.Failed).Select(a => a.Evidence).FirstOrDefault(e => e.Error is not null)?.Failure,
                Protocol = protocol,
                ResolversDisagree = disagree,
            };
        }

        if (disagree)
        {
            return new Verdict(VerdictKind.ResolversDisagree, 0.7, ok, null, 0, n, false) { Protocol = protocol, ResolversDisagree = true };
        }

        var identified = direct.Select(a => a.Evidence.AnsweredBy).FirstOrDefault(h => h is not null);
        return new Verdict(VerdictKind.Healthy, n >= 3 ? 0.9 : 0.7, ok, identified, 0, n, false) { Protocol = protocol };
    }

    /// <summary>A hop named only by its own headers, or only by the reporter, makes the verdict less certain than a catalogue match.</summary>
    private static double Sure(double confidence, HopIdentity? hop) => hop?.Source switch
    {
        HopSource.SelfIdentified => confidence - SelfIdentifiedPenalty,
        HopSource.Reported => confidence - ReportedPenalty,
        _ => confidence,
    };

    /// <summary>The site's answer over the one protocol that failed, worded like every attempt failing (rule 4), with the split.</summary>
    private static Verdict OverOneProtocol(HttpAttemptResult failed, ProtocolSplit split, int n, bool disagree)
    {
        var e = failed.Evidence;
        var hop = e.AnsweredBy;
        var (kind, confidence) = hop?.Fault switch
        {
            HopFault.Upstream => (VerdictKind.UpstreamFailing, 0.85),
            HopFault.Self => (VerdictKind.GatewayFault, 0.8),
            _ => (VerdictKind.OriginError, 0.75),
        };
        return new Verdict(kind, Sure(confidence, hop), e.StatusCode, hop, 1, n + 1, true)
        {
            Detail = e.Error,
            Failure = e.Failure,
            Chain = e.Chain,
            Protocol = split.Working,
            ProtocolSplit = split,
            ResolversDisagree = disagree,
        };
    }

    /// <summary>
    /// Every direct attempt worked over one protocol (h2) and the HTTP/1.1 check, which spoke HTTP/1.1, failed. A check
    /// that never got to speak (an h2-only site refusing HTTP/1.1 in the handshake) is the site's choice, not a failure.
    /// </summary>
    private static ProtocolSplit? FailsOverHttp1Only(IReadOnlyList<HttpAttemptResult> direct, string? working, HttpAttemptResult? check)
    {
        if (check is not { Failed: true } || check.Evidence.Protocol is not { } failing || working is null || failing == working
            || direct.Count == 0 || direct.Any(a => a.Failed))
        {
            return null;
        }

        return new ProtocolSplit(failing, working, Result(check)) { Failure = FailureOf(check) };
    }

    /// <summary>Attempts over HTTP/2 failed and the HTTP/1.1 check worked: the site fails over one protocol only.</summary>
    private static ProtocolSplit? Split(IReadOnlyList<HttpAttemptResult> direct, HttpAttemptResult? check)
    {
        if (check is null || check.Failed)
        {
            return null;
        }

        var failing = direct.FirstOrDefault(a => a.Failed && a.Evidence.Protocol is { } p && p != check.Evidence.Protocol);
        if (failing is null || check.Evidence.Protocol is not { } working)
        {
            return null;
        }

        return new ProtocolSplit(failing.Evidence.Protocol!, working, Result(failing)) { Failure = FailureOf(failing) };
    }

    private static string Result(HttpAttemptResult a) =>
        a.Evidence.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? a.Evidence.Error ?? "no answer";

    private static ProbeFailure? FailureOf(HttpAttemptResult a) => a.Evidence.StatusCode is null ? a.Evidence.Failure : null;

    private static Verdict BotNetwork(VerdictInput input) =>
        new(VerdictKind.BotNetworkProblem, 0.8, null, null, input.Direct.Count(a => a.Failed), input.Direct.Count, false);

    private static int? MostCommonStatus(IEnumerable<HttpAttemptResult> attempts) =>
        attempts.Where(a => a.Evidence.StatusCode is not null)
            .GroupBy(a => a.Evidence.StatusCode)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault();

    private static string? MostCommon(IEnumerable<string?> values) =>
        values.Where(v => v is not null).GroupBy(v => v).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
}
