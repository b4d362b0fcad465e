using System.Text.Json;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Storage.Tests;

internal static class TestEscalations
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 9, 58, 0, TimeSpan.Zero);

    /// <summary>An escalation carrying every kind of evidence, so a payload round trip covers all types.</summary>
    public static EscalationRequest Create(string escalationId, string caseId, string target = "wiki.contoso.com")
    {
        var hop = new HopIdentity("nginx", "nginx", HopRole.Gateway, "nginx answered; its upstream is not answering", "Server: nginx/1.25.3", HopFault.Upstream);
        var diagnosis = new Diagnosis(
            new ProbeTargetInfo(target, $"https://{target}/", target, 443, "https"),
            At,
            TimeSpan.FromMilliseconds(1234.5),
            new Verdict(VerdictKind.UpstreamFailing, 0.92, 502, hop, 3, 3, true),
            new DnsEvidence(
                [
                    new ResolverAnswer("system", ResolverOutcome.Ok, ["127.0.0.10"], [$"{target}.cdn.example"], TimeSpan.FromMilliseconds(3), null),
                    new ResolverAnswer("127.0.0.53", ResolverOutcome.Timeout, [], [], TimeSpan.FromSeconds(2), "no answer in 2 s"),
                ],
                false),
            [new TcpEvidence("127.0.0.10", 443, TcpOutcome.Connected, TimeSpan.FromMilliseconds(1.2), null)],
            new TlsEvidence(true, "Tls13", $"CN={target}", [target], "CN=Contoso CA", At.AddDays(60), 60, false, [], TimeSpan.FromMilliseconds(8), null),
            [
                new HttpAttemptEvidence(1, "direct", $"https://{target}/", 502, null,
                    new PhaseTimings(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(8), TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(51)),
                    new Dictionary<string, string> { ["Server"] = "nginx/1.25.3", ["Via"] = "1.1 edge" },
                    "502 Bad Gateway", "<html><head><title>502 Bad Gateway</title>", hop, []),
            ],
            new PathComparison(3, 3, 3, 3, "fails both ways"),
            new ControlEvidence(2, 2, []),
            [new Finding(FindingSeverity.Error, "http.502", "Every attempt answered 502 — Ünïcødé ✓")]);

        return new EscalationRequest(
            escalationId,
            caseId,
            target,
            502,
            $"502 Bad Gateway on {target}",
            $"I'm getting a 502 on {target}",
            new Reporter("29:1abc", "Ada Lovelace", "00000000-0000-0000-0000-000000000001", "ada@contoso.com", "tenant-1"),
            At,
            At.AddMinutes(2),
            EscalationReason.ServerSideFault,
            diagnosis,
            [new StepRecord("hard-refresh", "Hard refresh", "still-broken", "Still broken", At.AddMinutes(1))],
            "windows",
            "2",
            "3",
            new ServiceRoute("Wiki", "Collaboration", "Web", "Collab-L2"),
            new ConversationLink("tenant-1", null));
    }

    /// <summary>Records holding lists compare by reference: compare their JSON instead.</summary>
    public static string Json(EscalationRequest request) => JsonSerializer.Serialize(request, StorageJsonContext.Default.EscalationRequest);
}
