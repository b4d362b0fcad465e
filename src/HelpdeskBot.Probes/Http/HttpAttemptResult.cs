using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Probes.Http;

/// <summary>One HTTP attempt with what its connection showed on the way (TCP connects, TLS).</summary>
/// <param name="Blocked">The attempt stopped because a redirect led to a refused address or port.</param>
internal sealed record HttpAttemptResult(
    HttpAttemptEvidence Evidence,
    IReadOnlyList<TcpEvidence> Connects,
    TlsEvidence? Tls,
    RedirectBlock? Blocked)
{
    /// <summary>Failed = no HTTP status, or a server error (5xx).</summary>
    public bool Failed => Evidence.StatusCode is null or >= 500;

    /// <summary>
    /// The exchange over HTTP/2 broke before a status came back (reset stream, GOAWAY, malformed frames, the connection
    /// dropped after ALPN chose h2): a protocol-level failure, worth one attempt over HTTP/1.1. A 5xx or a timeout is not.
    /// </summary>
    public bool Http2Broke { get; init; }
}
