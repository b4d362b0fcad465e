using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Testing;

/// <summary>One finding of every kind, with every value its kind names, as Probes returns them.</summary>
public static class TestFindings
{
    public static IReadOnlyList<Finding> OfEveryKind() => Enum.GetValues<FindingKind>().Select(Of).ToList();

    public static Finding Of(FindingKind kind) => new(FindingSeverity.Warning, WireNames.Of(kind), "English operator text " + WireNames.Of(kind))
    {
        Kind = kind,
        Values = new FindingValues
        {
            Host = "wiki.contoso.com",
            Resolver = "10.0.0.53",
            Address = "10.1.2.3",
            Port = 443,
            Status = 502,
            Hop = kind == FindingKind.HttpStatus ? "nginx" : null,
            HopEvidence = "Server: nginx",
            Count = 3,
            Total = 5,
            Error = "connection refused",
            Names = ["edge.contoso.net", "wiki.contoso.net"],
            Days = kind == FindingKind.TlsExpired ? -3 : 12,
            At = new DateTimeOffset(2026, 12, 12, 0, 0, 0, TimeSpan.Zero),
            Protocol = "Tls13",
            Subject = "CN=wiki.contoso.com",
            Issuer = "CN=Contoso CA",
            Seconds = 20,
            Paths = new PathComparison(0, 5, 5, 5, "works directly but fails through the proxy"),
            Reason = kind switch
            {
                FindingKind.RefusedRedirect => WireNames.Of(RedirectRefusal.Address),
                FindingKind.TargetInvalid => WireNames.Of(TargetProblem.Host),
                _ => null,
            },
        },
    };
}
