using System.Text.Json.Serialization;

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

/// <summary>
/// What the probes conclude, as facts only: the kind, the hop that produced the error, counts and the details each
/// kind rests on. Probes writes no sentence for a person here: the user's card, the help desk's ticket and the
/// `probe` command each word a verdict for their own reader.
/// </summary>
/// <param name="Kind">The verdict class.</param>
/// <param name="Confidence">0..1.</param>
/// <param name="StatusCode">The HTTP status most attempts saw, if any.</param>
/// <param name="AnsweredBy">The hop that produced the status: a catalogue entry, or a hop outside the catalogue named by
/// what it calls itself (<see cref="HopSource.SelfIdentified"/>).</param>
/// <param name="FailedAttempts">k of <paramref name="TotalAttempts"/> HTTP attempts failed.</param>
/// <param name="ServerSideFault">True when the fault is on the site's side (so "it's not you").</param>
public sealed record Verdict(
    VerdictKind Kind,
    double Confidence,
    int? StatusCode,
    HopIdentity? AnsweredBy,
    int FailedAttempts,
    int TotalAttempts,
    bool ServerSideFault)
{
    /// <summary>DnsFailure: what every resolver asked agreed on (nxdomain, nodata, servfail); null when they did not.</summary>
    public ResolverOutcome? DnsOutcome { get; init; }

    /// <summary>Resolvers gave different answers for the name.</summary>
    public bool ResolversDisagree { get; init; }

    /// <summary>GatewayUnreachable: how the connects ended (refused, timeout, …).</summary>
    public IReadOnlyList<TcpOutcome> ConnectOutcomes { get; init; } = [];

    /// <summary>The probe's own record of what went wrong when there is no status to go by: the transport error of
    /// the attempts, the TLS problem, or the safety policy's reason for a Refused target.</summary>
    public string? Detail { get; init; }

    /// <summary><see cref="Detail"/> as a fact for the readers to word; null for a verdict stored before failures had kinds.</summary>
    public ProbeFailure? Failure { get; init; }

    /// <summary>
    /// <see cref="StatusCode"/> when it is an error (400 or above): what a report or a ticket is about. A check that got
    /// 200 saw the site work; "200 OK on wiki…" would name the site's answer to the bot as the user's problem.
    /// </summary>
    [JsonIgnore]
    public int? ErrorStatus => StatusCode is >= 400 ? StatusCode : null;

    /// <summary>The HTTP protocol most attempts spoke ("h2" or "http/1.1"), null when none got that far.</summary>
    public string? Protocol { get; init; }

    /// <summary>Set when the site fails over one protocol and works over the other.</summary>
    public ProtocolSplit? ProtocolSplit { get; init; }

    /// <summary>Every hop the failing response names (Via, Cache-Status, Proxy-Status, Server), nearest the origin first;
    /// <see cref="AnsweredBy"/> is the one that produced the error.</summary>
    public IReadOnlyList<HopIdentity> Chain { get; init; } = [];

    /// <summary>ProxyProblem: the configured egress proxy.</summary>
    public string? ProxyName { get; init; }

    /// <summary>TlsProblem: what a browser would refuse (details in <see cref="Diagnosis.Tls"/>).</summary>
    public TlsIssue? TlsIssue { get; init; }
}

/// <summary>Why a browser would refuse the site's TLS, most severe first.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(WireEnumConverter<TlsIssue>))]
public enum TlsIssue
{
    /// <summary>The handshake itself failed.</summary>
    HandshakeFailed,
    Expired,
    /// <summary>The certificate is for another name.</summary>
    NameMismatch,
    /// <summary>Self-signed, incomplete chain, revoked, not for server authentication.</summary>
    Untrusted,
}

/// <summary>The site fails over <paramref name="Failing"/> and works over <paramref name="Working"/> ("h2", "http/1.1").</summary>
/// <param name="FailingResult">What the failing protocol gave: a status ("502") or the transport error (English).</param>
public sealed record ProtocolSplit(string Failing, string Working, string FailingResult)
{
    /// <summary>The failing protocol's transport error as a fact, when it got no status.</summary>
    public ProbeFailure? Failure { get; init; }
}

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

/// <summary>Who answered: an entry of the fingerprint catalogue, or a hop named by what it calls itself.</summary>
/// <param name="Id">Catalogue id, e.g. "nginx", "cloudflare-origin-unreachable"; for a self-identified hop the header
/// family that named it, e.g. "via", "proxy-status", "server".</param>
/// <param name="Product">Human name, e.g. "nginx", "Cloudflare", or the hop's own name ("edge-gw/2.1").</param>
/// <param name="Role">What kind of hop it is.</param>
/// <param name="Meaning">What that hop's error means, in plain words.</param>
/// <param name="Evidence">Which header or body marker matched, in the probes' English (operators, stored evidence).</param>
/// <param name="Fault">What the hop's error says about where the fault lies.</param>
/// <param name="Source">Catalogue (the product is known) or SelfIdentified (named only by its own headers: lower confidence).</param>
/// <param name="ErrorType">RFC 9209 Proxy-Status error type the hop reported (e.g. "connection_refused"), if any.</param>
public sealed record HopIdentity(
    string Id,
    string Product,
    HopRole Role,
    string Meaning,
    string Evidence,
    HopFault Fault = HopFault.None,
    HopSource Source = HopSource.Catalogue,
    string? ErrorType = null)
{
    /// <summary>
    /// For a catalogue match, each marker that matched as a fact (<see cref="Evidence"/> is the same in English), so a
    /// reader words its labels without reading the English; null for other hops and for hops stored before markers.
    /// </summary>
    public IReadOnlyList<HopMarker>? Markers { get; init; }
}

/// <summary>A marker of a fingerprint that matched: a header as the site sent it, the page's title, or the part of its text that matched.</summary>
/// <param name="Kind">Where it matched.</param>
/// <param name="Value">What matched, as sent (one line, cut at 80 characters).</param>
public sealed record HopMarker(HopMarkerKind Kind, string Value)
{
    /// <summary>The header's name, for <see cref="HopMarkerKind.Header"/>.</summary>
    public string? Name { get; init; }
}

/// <summary>Where a fingerprint's marker matched; stored by its <see cref="WireNames"/> name ("header").</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(WireEnumConverter<HopMarkerKind>))]
public enum HopMarkerKind
{
    /// <summary>A response header (<see cref="HopMarker.Name"/>).</summary>
    Header,
    /// <summary>The page's &lt;title&gt;.</summary>
    Title,
    /// <summary>The page's text.</summary>
    Body,
}

/// <summary>How a hop was recognised.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(WireEnumConverter<HopSource>))]
public enum HopSource
{
    /// <summary>An entry of the fingerprint catalogue matched.</summary>
    Catalogue,
    /// <summary>Named by its own headers (Via, Proxy-Status, Cache-Status, Server, a vendor header), product unknown.</summary>
    SelfIdentified,
    /// <summary>
    /// Named only by the reporter (their pasted error page or message; <see cref="DiagnosisRequest.Hint"/>): the failing
    /// responses our probes got did not identify a hop. Role and fault are the catalogue's for that product.
    /// </summary>
    Reported,
}

public sealed record DnsEvidence(IReadOnlyList<ResolverAnswer> Resolvers, bool Disagree);

/// <param name="Resolver">"system" or the resolver's address.</param>
public sealed record ResolverAnswer(
    string Resolver,
    ResolverOutcome Outcome,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<string> CnameChain,
    TimeSpan Elapsed,
    string? Error)
{
    /// <summary>Why there are no addresses, as a fact (<see cref="Error"/> is the operators' English).</summary>
    public ProbeFailure? Failure { get; init; }
}

public sealed record TcpEvidence(string Address, int Port, TcpOutcome Outcome, TimeSpan Elapsed, string? Error)
{
    /// <summary>How the connect failed, as a fact (<see cref="Error"/> is the operators' English).</summary>
    public ProbeFailure? Failure { get; init; }
}

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
    string? Error)
{
    /// <summary>Why the handshake failed, as a fact (<see cref="Error"/> is the operators' English).</summary>
    public ProbeFailure? Failure { get; init; }

    /// <summary><see cref="ChainErrors"/> as facts, in the same order; empty for evidence stored before they had kinds.</summary>
    public IReadOnlyList<ProbeFailure> ChainProblems { get; init; } = [];
}

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
    IReadOnlyList<string> Redirects)
{
    /// <summary>The protocol the exchange spoke: "h2" or "http/1.1" (null when no request went out).</summary>
    public string? Protocol { get; init; }

    /// <summary>
    /// The HTTP/1.1 check (offering only http/1.1 by ALPN) made beside the attempts, not one of them: readers list it
    /// as the check, not as attempt N + 1, and the verdict's counts leave it out unless it alone failed.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ProtocolCheck { get; init; }

    /// <summary>Why no status came back, as a fact (<see cref="Error"/> is the operators' English).</summary>
    public ProbeFailure? Failure { get; init; }

    /// <summary>The hops the response names (Via, Cache-Status, Proxy-Status, Server), nearest the origin first.</summary>
    public IReadOnlyList<HopIdentity> Chain { get; init; } = [];
}

public sealed record PathComparison(int DirectFailed, int DirectTotal, int ProxyFailed, int ProxyTotal, string Conclusion);

public sealed record ControlEvidence(int Reachable, int Total, IReadOnlyList<string> Failed);

/// <summary>
/// One notable piece of evidence. <see cref="Kind"/> and <see cref="Values"/> are the facts: each reader words them
/// (the user's card in the user's language and voice, the ticket and the help desk's card in the help desk's);
/// <see cref="Message"/> is the operators' English sentence (the `probe` command, the API), and what readers show
/// for a finding stored before kinds existed or one without a kind (target notes, refusals).
/// </summary>
/// <param name="Code">Stable machine code, e.g. "dns.nxdomain", "tls.expired", "ssrf.blocked".</param>
public sealed record Finding(FindingSeverity Severity, string Code, string Message)
{
    /// <summary>What the finding says, as data; null for findings worded only in <see cref="Message"/>.</summary>
    public FindingKind? Kind { get; init; }

    /// <summary>The values the finding names; each kind documents the ones it sets.</summary>
    public FindingValues? Values { get; init; }
}

/// <summary>
/// The values a finding names (all optional: each <see cref="FindingKind"/> sets the ones its documentation lists).
/// Technical texts (<see cref="Error"/>) are as the probe got them; readers quote them, they are not sentences.
/// </summary>
public sealed record FindingValues
{
    public string? Host { get; init; }

    public string? Resolver { get; init; }

    public string? Address { get; init; }

    public int? Port { get; init; }

    public int? Status { get; init; }

    /// <summary>The product of the hop that answered.</summary>
    public string? Hop { get; init; }

    /// <summary>What identified the hop (a header), in the probes' English.</summary>
    public string? HopEvidence { get; init; }

    /// <summary>What identified a catalogue hop, as facts (<see cref="HopIdentity.Markers"/>).</summary>
    public IReadOnlyList<HopMarker>? HopMarkers { get; init; }

    /// <summary>How many (attempts, reference sites) of <see cref="Total"/>.</summary>
    public int? Count { get; init; }

    public int? Total { get; init; }

    /// <summary>The error as the probe got it (technical: a socket error, a TLS alert, a chain status).</summary>
    public string? Error { get; init; }

    /// <summary>A list the finding names: the CNAME chain, the certificate's names, each resolver's answer.</summary>
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>Days to (positive) or since (negative) a certificate's expiry.</summary>
    public int? Days { get; init; }

    /// <summary>A certificate's expiry.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>A TLS version ("Tls13").</summary>
    public string? Protocol { get; init; }

    public string? Subject { get; init; }

    public string? Issuer { get; init; }

    /// <summary>The time budget that ran out, in seconds.</summary>
    public double? Seconds { get; init; }

    /// <summary>Direct attempts against those through the proxy.</summary>
    public PathComparison? Paths { get; init; }

    /// <summary>
    /// Why, as a stable code: a <see cref="RedirectRefusal"/> or <see cref="TargetProblem"/> by its <see cref="WireNames"/>
    /// name ("address", "too-long").
    /// </summary>
    public string? Reason { get; init; }

    /// <summary><see cref="Error"/> as a fact for the readers to word; null for findings stored before failures had kinds.</summary>
    public ProbeFailure? Failure { get; init; }
}
