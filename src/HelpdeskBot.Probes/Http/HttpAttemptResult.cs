using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Probes.Http;

/// <summary>One HTTP attempt with what its connection showed on the way (TCP connects, TLS).</summary>
/// <param name="Blocked">The attempt stopped because a redirect led to a refused address or port.</param>
internal sealed record HttpAttemptResult(
    HttpAttemptEvidence Evidence,
    IReadOnlyList<TcpEvidence> Connects,
    TlsEvidence? Tls,
    string? Blocked)
{
    /// <summary>Failed = no HTTP status, or a server error (5xx).</summary>
    public bool Failed => Evidence.StatusCode is null or >= 500;
}
