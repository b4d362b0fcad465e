using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Probes.Tls;

/// <summary>
/// Collects what the TLS handshake showed (certificate, chain verdict, protocol) from inside the handshake of
/// the first HTTP attempt, so TLS is probed on the very connection that carries the request, without an extra
/// handshake. The probe accepts any certificate to see what lies behind it; the verdict reports the problem.
/// </summary>
internal sealed class TlsCapture
{
    private readonly TimeProvider _time;
    private string? _subject;
    private string? _issuer;
    private string[] _sans = [];
    private DateTimeOffset? _notAfter;
    private bool _nameMismatch;
    private string[] _chainErrors = [];
    private ProbeFailure[] _chainProblems = [];

    public TlsCapture(TimeProvider time) => _time = time;

    public bool CertificateSeen { get; private set; }

    public string? Protocol { get; set; }

    /// <summary>RemoteCertificateValidationCallback body: record, then let the probe go on.</summary>
    public bool Capture(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (CertificateSeen)
        {
            return true;
        }

        CertificateSeen = true;
        _nameMismatch = errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch);
        var chainErrors = new List<(string Error, ProbeFailure Problem)>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            chainErrors.Add(("the server sent no certificate", new ProbeFailure(FailureKind.CertificateMissing)));
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) && chain is not null)
        {
            foreach (var status in chain.ChainStatus)
            {
                chainErrors.Add(Describe(status));
            }
        }

        var distinct = chainErrors.DistinctBy(c => c.Error).ToArray();
        _chainErrors = [.. distinct.Select(c => c.Error)];
        _chainProblems = [.. distinct.Select(c => c.Problem)];
        if (certificate is X509Certificate2 cert)
        {
            _subject = cert.Subject;
            _issuer = cert.Issuer;
            _notAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            var names = new List<string>();
            foreach (var extension in cert.Extensions)
            {
                if (extension is X509SubjectAlternativeNameExtension san)
                {
                    names.AddRange(san.EnumerateDnsNames());
                    names.AddRange(san.EnumerateIPAddresses().Select(a => a.ToString()));
                }
            }

            _sans = [.. names];
        }

        return true;
    }

    /// <param name="error">Why the handshake failed (the operators' English), null when it worked.</param>
    /// <param name="failure">The same as a fact.</param>
    public TlsEvidence ToEvidence(TimeSpan elapsed, string? error, ProbeFailure? failure)
    {
        int? days = _notAfter is { } notAfter ? (int)Math.Floor((notAfter - _time.GetUtcNow()).TotalDays) : null;
        var succeeded = error is null && CertificateSeen;
        return new TlsEvidence(succeeded, Protocol, _subject, _sans, _issuer, _notAfter, days, _nameMismatch, _chainErrors, elapsed, error)
        {
            Failure = succeeded ? null : failure,
            ChainProblems = _chainProblems,
        };
    }

    private static (string Error, ProbeFailure Problem) Describe(X509ChainStatus status) => status.Status switch
    {
        X509ChainStatusFlags.NotTimeValid => ("the certificate has expired or is not yet valid", new(FailureKind.CertificateNotTimeValid)),
        X509ChainStatusFlags.UntrustedRoot => ("the certificate is self-signed or its root is not trusted", new(FailureKind.CertificateUntrustedRoot)),
        X509ChainStatusFlags.PartialChain => ("the chain is incomplete (an intermediate certificate is missing)", new(FailureKind.CertificatePartialChain)),
        X509ChainStatusFlags.Revoked => ("the certificate has been revoked", new(FailureKind.CertificateRevoked)),
        X509ChainStatusFlags.NotValidForUsage => ("the certificate is not valid for server authentication", new(FailureKind.CertificateWrongUsage)),
        _ => (string.IsNullOrWhiteSpace(status.StatusInformation) ? status.Status.ToString() : status.StatusInformation.Trim(), new(FailureKind.CertificateOther) { Detail = status.Status.ToString() }),
    };
}
