using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Tickets.Tests;

/// <summary>Realistic escalations: a 502 from nginx in front of the target, with every kind of evidence.</summary>
internal static class TestEscalations
{
    public static readonly DateTimeOffset At = new(2026, 11, 25, 9, 58, 0, TimeSpan.Zero);

    public static EscalationRequest Create(string escalationId, string target = "wiki.contoso.com", string reporterId = "29:1abc", string reporterName = "Ada Lovelace", DateTimeOffset? at = null)
    {
        var when = at ?? At;
        var hop = new HopIdentity("nginx", "nginx", HopRole.Gateway, "nginx answered; its upstream is not answering", "Server: nginx/1.25.3", HopFault.Upstream);
        var diagnosis = new Diagnosis(
            new ProbeTargetInfo(target, $"https://{target}/", target, 443, "https"),
            when,
            TimeSpan.FromMilliseconds(1234.5),
            new Verdict(VerdictKind.UpstreamFailing, 0.92, 502, hop, 3, 3, true),
            new DnsEvidence(
                [
                    new ResolverAnswer("system", ResolverOutcome.Ok, ["127.0.0.10"], [$"{target}.cdn.example"], TimeSpan.FromMilliseconds(3), null),
                    new ResolverAnswer("127.0.0.53", ResolverOutcome.Timeout, [], [], TimeSpan.FromSeconds(2), "no answer in 2 s"),
                ],
                false),
            [new TcpEvidence("127.0.0.10", 443, TcpOutcome.Connected, TimeSpan.FromMilliseconds(1.2), null)],
            new TlsEvidence(true, "Tls13", $"CN={target}", [target], "CN=Contoso CA", when.AddDays(60), 60, false, [], TimeSpan.FromMilliseconds(8), null),
            [
                new HttpAttemptEvidence(1, "direct", $"https://{target}/", 502, null,
                    new PhaseTimings(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(8), TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(51)),
                    new Dictionary<string, string> { ["Server"] = "nginx/1.25.3", ["Via"] = "1.1 edge", ["Set-Cookie"] = "session=do-not-copy" },
                    "502 Bad Gateway", "<html><head><title>502 Bad Gateway</title>", hop, []),
            ],
            new PathComparison(3, 3, 3, 3, "fails both ways"),
            new ControlEvidence(2, 2, []),
            [new Finding(FindingSeverity.Error, "http.502", "Every attempt answered 502")]);

        return new EscalationRequest(
            escalationId,
            "case-" + escalationId,
            target,
            502,
            $"502 Bad Gateway on {target}",
            $"I'm getting a 502 on {target}",
            new Reporter(reporterId, reporterName, "00000000-0000-0000-0000-000000000001", "ada@contoso.com", "tenant-1"),
            when,
            when.AddMinutes(2),
            EscalationReason.ServerSideFault,
            diagnosis,
            [new StepRecord("hard-refresh", "Hard refresh", "still-broken", "Still broken", when.AddMinutes(1))],
            "windows",
            "high",
            "medium",
            new ServiceRoute("Wiki", "Collaboration", "Web", "Collab-L2"),
            new ConversationLink("tenant-1", "https://teams.microsoft.com/l/message/19:abc/1700000000000"));
    }
}
