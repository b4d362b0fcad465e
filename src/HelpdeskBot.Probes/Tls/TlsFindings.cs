using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Probes.Tls;

/// <summary>Turns TLS evidence into findings; <see cref="IsProblem"/> is what a browser would refuse.</summary>
internal static class TlsFindings
{
    /// <summary>Certificates expiring within this many days get a warning (Let's Encrypt renews at 30).</summary>
    public const int ExpiryWarningDays = 14;

    public static bool IsProblem(TlsEvidence tls) => Issue(tls) is not null;

    /// <summary>What a browser would refuse, most severe first; null when nothing.</summary>
    public static TlsIssue? Issue(TlsEvidence tls) => tls switch
    {
        { Succeeded: false } => TlsIssue.HandshakeFailed,
        { DaysToExpiry: < 0 } => TlsIssue.Expired,
        { NameMismatch: true } => TlsIssue.NameMismatch,
        { ChainErrors.Count: > 0 } => TlsIssue.Untrusted,
        _ => null,
    };

    public static IEnumerable<Finding> For(TlsEvidence tls, string host)
    {
        if (!tls.Succeeded)
        {
            yield return new Finding(FindingSeverity.Error, "tls.handshake", $"The TLS handshake with {host} failed: {tls.Error}") { Kind = FindingKind.TlsHandshake, Values = new() { Host = host, Error = tls.Error, Failure = tls.Failure } };
            yield break;
        }

        if (tls.DaysToExpiry < 0)
        {
            yield return new Finding(FindingSeverity.Error, "tls.expired", $"The certificate of {host} expired {-tls.DaysToExpiry} day(s) ago ({tls.NotAfter:yyyy-MM-dd}).")
            {
                Kind = FindingKind.TlsExpired,
                Values = new() { Host = host, Days = tls.DaysToExpiry, At = tls.NotAfter },
            };
        }
        else if (tls.DaysToExpiry <= ExpiryWarningDays)
        {
            yield return new Finding(FindingSeverity.Warning, "tls.expiring", $"The certificate of {host} expires in {tls.DaysToExpiry} day(s) ({tls.NotAfter:yyyy-MM-dd}).")
            {
                Kind = FindingKind.TlsExpiring,
                Values = new() { Host = host, Days = tls.DaysToExpiry, At = tls.NotAfter },
            };
        }

        if (tls.NameMismatch)
        {
            IReadOnlyList<string> names = tls.SubjectAlternativeNames.Count > 0 ? tls.SubjectAlternativeNames : [tls.Subject ?? "?"];
            yield return new Finding(FindingSeverity.Error, "tls.name-mismatch", $"The certificate is not for {host}; it names {string.Join(", ", names)}.") { Kind = FindingKind.TlsNameMismatch, Values = new() { Host = host, Names = names } };
        }

        for (var i = 0; i < tls.ChainErrors.Count; i++)
        {
            // An expired certificate is its own finding (above); the chain's "expired or not yet valid" would repeat it.
            var error = tls.ChainErrors[i];
            if (error.Contains("expired", StringComparison.Ordinal) && tls.DaysToExpiry is not >= 0)
            {
                continue;
            }

            var problem = i < tls.ChainProblems.Count ? tls.ChainProblems[i] : null;
            yield return new Finding(FindingSeverity.Error, "tls.chain", $"Certificate chain of {host}: {error}.") { Kind = FindingKind.TlsChain, Values = new() { Host = host, Error = error, Failure = problem } };
        }

        if (!IsProblem(tls))
        {
            yield return new Finding(FindingSeverity.Info, "tls.ok", $"TLS {tls.Protocol}, certificate for {tls.Subject} issued by {tls.Issuer}, {tls.DaysToExpiry} day(s) to expiry.")
            {
                Kind = FindingKind.TlsOk,
                Values = new() { Protocol = tls.Protocol, Subject = tls.Subject, Issuer = tls.Issuer, Days = tls.DaysToExpiry },
            };
        }
    }
}
