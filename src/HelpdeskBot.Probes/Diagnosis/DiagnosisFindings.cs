using HelpdeskBot.Probes.Http;

namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>
/// The findings a diagnosis lists, one per notable piece of evidence (DNS answers, refused connects, HTTP answers
/// grouped): a kind and its values for the readers to word, and the operators' English sentence.
/// </summary>
internal static class DiagnosisFindings
{
    public static IEnumerable<Finding> Dns(DnsEvidence dns, string host)
    {
        foreach (var answer in dns.Resolvers)
        {
            switch (answer.Outcome)
            {
                case ResolverOutcome.Ok when answer.CnameChain.Count > 0:
                    yield return new Finding(FindingSeverity.Info, "dns.cname", $"{answer.Resolver}: {host} → {string.Join(" → ", answer.CnameChain)}.")
                    {
                        Kind = FindingKind.DnsCname,
                        Values = new() { Resolver = answer.Resolver, Host = host, Names = answer.CnameChain },
                    };
                    break;
                case ResolverOutcome.Nxdomain:
                    yield return new Finding(FindingSeverity.Error, "dns.nxdomain", $"{answer.Resolver}: {host}: {answer.Error}.") { Kind = FindingKind.DnsNxdomain, Values = new() { Resolver = answer.Resolver, Host = host } };
                    break;
                case ResolverOutcome.Nodata:
                    yield return new Finding(FindingSeverity.Error, "dns.nodata", $"{answer.Resolver}: {host}: {answer.Error}.") { Kind = FindingKind.DnsNodata, Values = new() { Resolver = answer.Resolver, Host = host } };
                    break;
                case ResolverOutcome.Servfail:
                    yield return new Finding(FindingSeverity.Error, "dns.servfail", $"{answer.Resolver}: {host}: {answer.Error}.") { Kind = FindingKind.DnsServfail, Values = new() { Resolver = answer.Resolver, Host = host } };
                    break;
                case ResolverOutcome.Timeout:
                    yield return new Finding(FindingSeverity.Warning, "dns.timeout", $"{answer.Resolver}: no answer for {host} ({answer.Error}).") { Kind = FindingKind.DnsTimeout, Values = new() { Resolver = answer.Resolver, Host = host } };
                    break;
                case ResolverOutcome.Error:
                    yield return new Finding(FindingSeverity.Warning, "dns.error", $"{answer.Resolver}: {answer.Error}.") { Kind = FindingKind.DnsError, Values = new() { Resolver = answer.Resolver, Error = answer.Error, Failure = answer.Failure } };
                    break;
            }
        }

        if (dns.Disagree)
        {
            var parts = dns.Resolvers.Where(r => r.Outcome != ResolverOutcome.Skipped).Select(r => $"{r.Resolver}: {(r.Outcome == ResolverOutcome.Ok ? string.Join(" ", r.Addresses) : WireNames.Of(r.Outcome))}").ToList();
            yield return new Finding(FindingSeverity.Warning, "dns.disagree", $"Resolvers disagree about {host}: {string.Join("; ", parts)}.") { Kind = FindingKind.DnsDisagree, Values = new() { Host = host, Names = parts } };
        }
    }

    public static IEnumerable<Finding> Tcp(IEnumerable<TcpEvidence> tcp) =>
        tcp.Where(t => t.Outcome != TcpOutcome.Connected).Select(t => new Finding(FindingSeverity.Error, "tcp." + WireNames.Of(t.Outcome), $"{t.Address} port {t.Port}: {t.Error}.")
        {
            Kind = FindingKind.TcpFailed,
            Values = new() { Address = t.Address, Port = t.Port, Error = t.Error ?? WireNames.Of(t.Outcome), Failure = t.Failure },
        });

    public static IEnumerable<Finding> Http(List<HttpAttemptResult> attempts)
    {
        foreach (var group in attempts.GroupBy(a => (a.Evidence.StatusCode, a.Evidence.Error, a.Evidence.AnsweredBy?.Id)))
        {
            var first = group.First().Evidence;
            var count = $"{group.Count()} of {attempts.Count} attempts";
            if (first.StatusCode is { } status)
            {
                var by = first.AnsweredBy is { } hop ? $", answered by {hop.Product} ({hop.Evidence})" : string.Empty;
                yield return new Finding(status >= 500 ? FindingSeverity.Error : FindingSeverity.Info, $"http.{status}", $"HTTP {status}{by}: {count}.")
                {
                    Kind = FindingKind.HttpStatus,
                    Values = new() { Status = status, Count = group.Count(), Total = attempts.Count, Hop = first.AnsweredBy?.Product, HopEvidence = first.AnsweredBy?.Evidence, HopMarkers = first.AnsweredBy?.Markers },
                };
            }
            else
            {
                yield return new Finding(FindingSeverity.Error, "http.no-response", $"No HTTP answer: {first.Error} ({count}).")
                {
                    Kind = FindingKind.HttpNoResponse,
                    Values = new() { Error = first.Error, Count = group.Count(), Total = attempts.Count, Failure = first.Failure },
                };
            }
        }
    }
}
