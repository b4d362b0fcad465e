using HelpdeskBot.Probes.Fingerprints;
using HelpdeskBot.Probes.Http;
using HelpdeskBot.Probes.Tls;
using static HelpdeskBot.Probes.Diagnosis.RunbookSteps;

namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>
/// Draws the one verdict from the evidence, by explicit ordered rules: the bot's own network, DNS, reachability,
/// TLS, then what the HTTP attempts said (all failed / some failed / none failed), then the proxy comparison.
/// Each verdict lists the runbook steps its evidence makes pointless.
/// </summary>
internal sealed class VerdictRules
{
    private readonly FingerprintCatalogue _catalogue;

    public VerdictRules(FingerprintCatalogue catalogue) => _catalogue = catalogue;

    public Verdict Decide(VerdictInput input)
    {
        var host = input.Target.Host;
        var disagree = input.Dns?.Disagree == true;
        var direct = input.Direct;
        var n = direct.Count;
        var k = direct.Count(a => a.Failed);
        var controlDown = input.Control is { Total: > 0, Reachable: 0 };

        // 1. Nothing resolves.
        if (!input.Resolved)
        {
            if (controlDown)
            {
                return BotNetwork(input, host);
            }

            var answers = input.Dns?.Resolvers.Where(r => r.Outcome != "skipped").ToArray() ?? [];
            var decisive = answers.Where(a => a.Outcome is "nxdomain" or "servfail").ToArray();
            if (decisive.Length > 0 && decisive.Length == answers.Length)
            {
                var nx = decisive.All(a => a.Outcome == "nxdomain");
                var what = nx ? $"{host} does not exist in DNS (NXDOMAIN from every resolver asked)" : $"DNS for {host} is broken: the resolvers cannot get an answer (SERVFAIL)";
                return new Verdict(VerdictKind.DnsFailure, what, 0.9, null, null, 0, 0, true, ClientSide);
            }

            return new Verdict(
                VerdictKind.DnsFailure,
                $"No resolver gave an address for {host} ({string.Join(", ", answers.Select(a => $"{a.Resolver}: {a.Outcome}"))})",
                0.6, null, null, 0, 0, decisive.Length > 0, [HardRefresh, OtherBrowser]);
        }

        var keepDns = disagree ? ClientSide.Where(s => s != PublicDns).ToArray() : ClientSide;
        var transportOnly = n > 0 && direct.All(a => a.Evidence.StatusCode is null);

        // 2. Nothing accepts the connection.
        if (transportOnly && input.Tcp.Count > 0 && input.Tcp.All(t => t.Outcome != "connected"))
        {
            if (controlDown)
            {
                return BotNetwork(input, host);
            }

            var outcomes = string.Join(", ", input.Tcp.Select(t => t.Outcome).Distinct());
            var confidence = input.Control is null ? 0.7 : 0.9;
            return new Verdict(
                VerdictKind.GatewayUnreachable,
                $"Nothing answers at {host} port {input.Target.Port} ({outcomes}; {k} of {n} attempts) — the server or the first hop in front of it is down or unreachable",
                confidence, null, null, k, n, true, keepDns);
        }

        // 3. TLS that a browser would refuse.
        if (input.Tls is { } tls && TlsFindings.IsProblem(tls))
        {
            return new Verdict(VerdictKind.TlsProblem, TlsSummary(tls, host), 0.9, MostCommonStatus(direct), null, k, n, true, ClientSide);
        }

        // 4. Every attempt failed.
        if (n > 0 && k == n)
        {
            if (controlDown)
            {
                return BotNetwork(input, host);
            }

            if (transportOnly)
            {
                var why = direct[0].Evidence.Error;
                return new Verdict(VerdictKind.OriginError, $"{host} accepts connections but sends no proper answer ({why}; {k} of {n} attempts)", 0.8, null, null, k, n, true, keepDns);
            }

            var status = MostCommonStatus(direct);
            var hop = direct.Where(a => a.Evidence.StatusCode == status).Select(a => a.Evidence.AnsweredBy).FirstOrDefault(h => h is not null);
            var fault = hop is null ? "none" : _catalogue.FaultOf(hop.Id);
            var attempts = $"({k} of {n} attempts)";
            return fault switch
            {
                "upstream" => new Verdict(VerdictKind.UpstreamFailing, $"{status} from {hop!.Product} in front of {host} — {hop.Meaning} {attempts}", 0.9, status, hop, k, n, true, keepDns),
                "self" => new Verdict(VerdictKind.GatewayFault, $"{status} from {hop!.Product} for {host} — {hop.Meaning} {attempts}", 0.85, status, hop, k, n, true, keepDns),
                _ when hop is not null => new Verdict(VerdictKind.OriginError, $"{status} from {hop.Product} at {host} — {hop.Meaning} {attempts}", 0.8, status, hop, k, n, true, keepDns),
                _ => new Verdict(VerdictKind.OriginError, $"{host} answers {status} — the server itself reports an error {attempts}", 0.75, status, null, k, n, true, keepDns),
            };
        }

        // 5. Some attempts failed.
        if (k > 0)
        {
            var failing = direct.Where(a => a.Failed).ToArray();
            var statuses = string.Join(", ", failing.Select(a => a.Evidence.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer").Distinct());
            var hop = failing.Select(a => a.Evidence.AnsweredBy).FirstOrDefault(h => h is not null);
            var by = hop is null ? string.Empty : $" from {hop.Product}";
            return new Verdict(
                VerdictKind.Intermittent,
                $"{host} fails intermittently: {k} of {n} attempts failed ({statuses}{by}); a retry may work, but the fault is on the site's side",
                0.8, MostCommonStatus(failing), hop, k, n, true,
                [.. keepDns.Where(s => s != HardRefresh)]);
        }

        // 6. Every direct attempt worked.
        var ok = MostCommonStatus(direct);
        if (input.Proxy is { ProxyFailed: > 0 } proxy)
        {
            var proxyHop = input.ViaProxy.Where(a => a.Failed).Select(a => a.Evidence.AnsweredBy).FirstOrDefault(h => h is not null);
            return new Verdict(VerdictKind.ProxyProblem, $"{host} works directly but fails through the proxy ({proxy.ProxyFailed} of {proxy.ProxyTotal} attempts) — the proxy is the problem",
                0.85, input.ViaProxy.FirstOrDefault(a => a.Failed)?.Evidence.StatusCode, proxyHop, proxy.ProxyFailed, proxy.ProxyTotal, false, [ContactOwner, PublicDns, OtherBrowser]);
        }

        if (disagree)
        {
            return new Verdict(VerdictKind.ResolversDisagree, $"{host} works from here, but DNS resolvers give different answers for it — users on some resolvers may not reach it",
                0.7, ok, null, 0, n, false, [HardRefresh, OtherBrowser]);
        }

        var identified = direct.Select(a => a.Evidence.AnsweredBy).FirstOrDefault(h => h is not null);
        return new Verdict(VerdictKind.Healthy, $"{host} works from here ({ok} on {n} of {n} attempts) — the problem is likely on the user's side (browser, network or proxy)",
            n >= 3 ? 0.9 : 0.7, ok, identified, 0, n, false, [ContactOwner]);
    }

    private static Verdict BotNetwork(VerdictInput input, string host) => new(
        VerdictKind.BotNetworkProblem,
        $"The bot's own network is down ({input.Control!.Reachable} of {input.Control.Total} reference sites answer), so nothing can be said about {host} yet",
        0.8, null, null, input.Direct.Count(a => a.Failed), input.Direct.Count, false, []);

    private static int? MostCommonStatus(IEnumerable<HttpAttemptResult> attempts) =>
        attempts.Where(a => a.Evidence.StatusCode is not null)
            .GroupBy(a => a.Evidence.StatusCode)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault();

    private static string TlsSummary(TlsEvidence tls, string host)
    {
        if (!tls.Succeeded)
        {
            return $"The secure connection to {host} fails: {tls.Error}";
        }

        if (tls.DaysToExpiry < 0)
        {
            return $"The certificate of {host} expired {-tls.DaysToExpiry} day(s) ago — every browser will refuse it until the site owner renews it";
        }

        if (tls.NameMismatch)
        {
            return $"The certificate presented by {host} is for another name ({string.Join(", ", tls.SubjectAlternativeNames.DefaultIfEmpty(tls.Subject ?? "?"))})";
        }

        return $"The certificate of {host} is not trusted ({string.Join("; ", tls.ChainErrors)})";
    }
}
