namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>
/// The one structured result of probing a target from the server side: what every probe saw, and the
/// verdict drawn from it. A failing target is data, never an exception. Immutable; serializable with
/// <see cref="ProbesJsonContext"/>.
/// </summary>
/// <remarks>
/// CONTRACT shared with Conversations (cards) and Tickets (evidence rendering). Add members freely;
/// do not rename or remove the ones below without updating those projects.
/// </remarks>
public sealed record Diagnosis(
    ProbeTargetInfo Target,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    Verdict Verdict,
    DnsEvidence? Dns,
    IReadOnlyList<TcpEvidence> Tcp,
    TlsEvidence? Tls,
    IReadOnlyList<HttpAttemptEvidence> Http,
    PathComparison? Proxy,
    ControlEvidence? Control,
    IReadOnlyList<Finding> Findings);

/// <summary>The target as parsed and normalised (punycode host, default scheme https).</summary>
public sealed record ProbeTargetInfo(string Input, string Url, string Host, int Port, string Scheme);

/// <summary>What the probes conclude, in machine and human terms.</summary>
/// <param name="Kind">The verdict class.</param>
/// <param name="Summary">One plain sentence for a person, e.g. "502 from nginx in front of wiki.contoso.com — its upstream is not answering".</param>
/// <param name="Confidence">0..1.</param>
/// <param name="StatusCode">The HTTP status most attempts saw, if any.</param>
/// <param name="AnsweredBy">The hop that produced the status (fingerprint), if recognised.</param>
/// <param name="FailedAttempts">k of <paramref name="TotalAttempts"/> HTTP attempts failed.</param>
/// <param name="ServerSideFault">True when the fault is on the site's side (so "it's not you").</param>
/// <param name="RulesOutSteps">Runbook step ids this verdict makes pointless (e.g. "hard-refresh", "other-browser").</param>
public sealed record Verdict(
    VerdictKind Kind,
    string Summary,
    double Confidence,
    int? StatusCode,
    HopIdentity? AnsweredBy,
    int FailedAttempts,
    int TotalAttempts,
    bool ServerSideFault,
    IReadOnlyList<string> RulesOutSteps);

public enum VerdictKind
{
    /// <summary>The target answers fine from here: look at the user's side.</summary>
    Healthy,
    /// <summary>A gateway/CDN/load balancer answers, but its upstream (the origin) fails.</summary>
    UpstreamFailing,
    /// <summary>The first hop itself cannot be reached (refused, timeout).</summary>
    GatewayUnreachable,
    /// <summary>The name does not resolve (NXDOMAIN, SERVFAIL, timeout).</summary>
    DnsFailure,
    /// <summary>Resolvers give different answers.</summary>
    ResolversDisagree,
    /// <summary>Handshake or certificate problem.</summary>
    TlsProblem,
    /// <summary>Some attempts fail, some succeed (k of N).</summary>
    Intermittent,
    /// <summary>Direct works, through the proxy fails (or the proxy answers the error).</summary>
    ProxyProblem,
    /// <summary>The control probes fail too: the bot's own network is down.</summary>
    BotNetworkProblem,
    /// <summary>The origin itself answers with a server error.</summary>
    OriginError,
    /// <summary>The target was refused by the safety policy (internal address, port, rate limit).</summary>
    Refused,
    /// <summary>A gateway/CDN in front of the site fails by itself (its own fault, not the origin's).</summary>
    GatewayFault,
}

/// <summary>Who answered: an entry of the fingerprint catalogue.</summary>
/// <param name="Id">Catalogue id, e.g. "nginx", "cloudflare-origin-unreachable".</param>
/// <param name="Product">Human name, e.g. "nginx", "Cloudflare".</param>
/// <param name="Role">origin | gateway | load-balancer | cdn | proxy.</param>
/// <param name="Meaning">What that hop's error means, in plain words.</param>
/// <param name="Evidence">Which header or body marker matched.</param>
public sealed record HopIdentity(string Id, string Product, string Role, string Meaning, string Evidence);

public sealed record DnsEvidence(IReadOnlyList<ResolverAnswer> Resolvers, bool Disagree);

/// <param name="Resolver">"system" or the resolver's address.</param>
/// <param name="Outcome">ok | nxdomain | servfail | timeout | error | skipped.</param>
public sealed record ResolverAnswer(
    string Resolver,
    string Outcome,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<string> CnameChain,
    TimeSpan Elapsed,
    string? Error);

/// <param name="Outcome">connected | refused | timeout | unreachable | blocked | error.</param>
public sealed record TcpEvidence(string Address, int Port, string Outcome, TimeSpan Elapsed, string? Error);

public sealed record TlsEvidence(
    bool Succeeded,
    string? Protocol,
    string? Subject,
    IReadOnlyList<string> SubjectAlternativeNames,
    string? Issuer,
    DateTimeOffset? NotAfter,
    int? DaysToExpiry,
    bool NameMismatch,
    IReadOnlyList<string> ChainErrors,
    TimeSpan Elapsed,
    string? Error);

public sealed record PhaseTimings(TimeSpan Dns, TimeSpan Connect, TimeSpan Tls, TimeSpan TimeToFirstByte, TimeSpan Total);

/// <param name="Via">"direct" or "proxy".</param>
/// <param name="Error">Transport error when no status came back (refused, timeout, reset, blocked, …).</param>
public sealed record HttpAttemptEvidence(
    int Attempt,
    string Via,
    string Url,
    int? StatusCode,
    string? Error,
    PhaseTimings Timings,
    IReadOnlyDictionary<string, string> HopHeaders,
    string? Title,
    string? BodySnippet,
    HopIdentity? AnsweredBy,
    IReadOnlyList<string> Redirects);

public sealed record PathComparison(int DirectFailed, int DirectTotal, int ProxyFailed, int ProxyTotal, string Conclusion);

public sealed record ControlEvidence(int Reachable, int Total, IReadOnlyList<string> Failed);

/// <param name="Severity">info | warning | error.</param>
/// <param name="Code">Stable machine code, e.g. "dns.nxdomain", "tls.expired", "ssrf.blocked".</param>
public sealed record Finding(string Severity, string Code, string Message);
