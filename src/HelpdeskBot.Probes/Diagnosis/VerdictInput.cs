using HelpdeskBot.Probes.Http;
using HelpdeskBot.Probes.Targets;

namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>Everything the probes saw, for <see cref="VerdictRules"/>.</summary>
/// <param name="ProtocolCheck">One HTTP/1.1-only attempt, made when attempts over HTTP/2 failed.</param>
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
    HttpAttemptResult? ProtocolCheck = null);
