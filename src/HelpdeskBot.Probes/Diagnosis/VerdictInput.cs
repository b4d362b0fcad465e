using HelpdeskBot.Probes.Http;
using HelpdeskBot.Probes.Targets;

namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>Everything the probes saw, for <see cref="VerdictRules"/>.</summary>
/// <param name="ProtocolCheck">One HTTP/1.1-only attempt, made when an exchange over HTTP/2 broke or when every attempt worked over HTTP/2.</param>
/// <param name="Reported">The hop the reporter named (the request's hint, looked up in the catalogue for the failing
/// status); used only when the failing responses name none.</param>
internal sealed record VerdictInput(
    ProbeTarget Target,
    DnsEvidence? Dns,
    bool Resolved,
    IReadOnlyList<TcpEvidence> Tcp,
    TlsEvidence? Tls,
    IReadOnlyList<HttpAttemptResult> Direct,
    IReadOnlyList<HttpAttemptResult> ViaProxy,
    PathComparison? Proxy,
    ControlEvidence? Control,
    HttpAttemptResult? ProtocolCheck = null,
    HopIdentity? Reported = null);
