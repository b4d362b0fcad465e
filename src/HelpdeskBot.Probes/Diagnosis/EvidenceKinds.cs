using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>What one resolver said about the name.</summary>
/// <remarks>Serialized as the lower-case strings stored diagnoses already hold ("ok", "nxdomain", …).</remarks>
[JsonConverter(typeof(WireEnumConverter<ResolverOutcome>))]
public enum ResolverOutcome
{
    /// <summary>Address records came back.</summary>
    Ok,
    /// <summary>The name does not exist (RCODE 3, RFC 1035 §4.1.1).</summary>
    Nxdomain,
    /// <summary>The name exists but has no A or AAAA records (NOERROR with an empty answer, RFC 2308 §2.2).</summary>
    Nodata,
    /// <summary>The resolver could not get an answer (RCODE 2).</summary>
    Servfail,
    /// <summary>No answer within Probes:DnsTimeout or the time budget.</summary>
    Timeout,
    /// <summary>Any other failure (no name server, refused, malformed answer).</summary>
    Error,
    /// <summary>Not asked (internal zone: only the system resolver is asked).</summary>
    Skipped,
}

/// <summary>How a TCP connect ended.</summary>
[JsonConverter(typeof(WireEnumConverter<TcpOutcome>))]
public enum TcpOutcome
{
    Connected,
    Refused,
    Timeout,
    Unreachable,
    /// <summary>The safety policy refused the address right before the SYN.</summary>
    Blocked,
    Error,
}

[JsonConverter(typeof(WireEnumConverter<FindingSeverity>))]
public enum FindingSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>What a finding says; the values it sets in <see cref="FindingValues"/> are listed with each.</summary>
[JsonConverter(typeof(WireEnumConverter<FindingKind>))]
public enum FindingKind
{
    /// <summary>The resolver followed CNAMEs: Resolver, Host, Names (the chain).</summary>
    DnsCname,
    /// <summary>The name does not exist: Resolver, Host.</summary>
    DnsNxdomain,
    /// <summary>The name has no address records: Resolver, Host.</summary>
    DnsNodata,
    /// <summary>The resolver could not get an answer: Resolver, Host.</summary>
    DnsServfail,
    /// <summary>No answer in time: Resolver, Host.</summary>
    DnsTimeout,
    /// <summary>Another resolver failure: Resolver, Error.</summary>
    DnsError,
    /// <summary>Resolvers gave different answers: Host, Names ("resolver: answers").</summary>
    DnsDisagree,
    /// <summary>A TCP connect failed: Address, Port, Error (the finding's code names the outcome).</summary>
    TcpFailed,
    /// <summary>Attempts got this status: Status, Count, Total, and Hop and HopEvidence when a hop answered.</summary>
    HttpStatus,
    /// <summary>Attempts got no HTTP answer: Error, Count, Total.</summary>
    HttpNoResponse,
    /// <summary>The time budget ran out while resolving the name.</summary>
    DnsBudgetExhausted,
    /// <summary>The time budget ran out before every attempt finished: Seconds, Count (finished), Total.</summary>
    BudgetExhausted,
    /// <summary>Direct attempts against attempts through the proxy: Host, Paths.</summary>
    ProxyCompare,
    /// <summary>No reference site answers: Total.</summary>
    ControlDown,
    /// <summary>Reference sites answer: Count, Total.</summary>
    ControlOk,
    /// <summary>The TLS handshake failed: Host, Error.</summary>
    TlsHandshake,
    /// <summary>The certificate expired: Host, Days (negative), At.</summary>
    TlsExpired,
    /// <summary>The certificate expires soon: Host, Days, At.</summary>
    TlsExpiring,
    /// <summary>The certificate is for other names: Host, Names.</summary>
    TlsNameMismatch,
    /// <summary>The certificate chain has an error: Host, Error.</summary>
    TlsChain,
    /// <summary>TLS works: Protocol, Subject, Issuer, Days.</summary>
    TlsOk,
    /// <summary>A target note: the IPv6 address typed (Names[0]) is the IPv4 address Host.</summary>
    TargetMappedIpv4,
    /// <summary>A target note: the host typed (Names[0]) is the IPv4 address Host written in another notation.</summary>
    TargetIpv4Notation,
    /// <summary>A target note: the name typed (Names[0]) is Host in DNS (punycode).</summary>
    TargetPunycode,
    /// <summary>Refused: the port is not probed: Host, Port, Names (the ports allowed).</summary>
    RefusedPort,
    /// <summary>Refused: the target is or resolves to an internal address: Host, Address, Names[0] (the range).</summary>
    RefusedAddress,
    /// <summary>
    /// Refused: the target redirects to an address that is not probed: Host, Error (the English reason), and since
    /// redirect refusals have kinds Reason (a <see cref="RedirectRefusal"/>) with its facts: Names[0] the scheme
    /// (Scheme), Port and Names the ports allowed (Port), Names[0] the host, Names[1] the DNS outcome and Failure why (Unresolved),
    /// Address and Names[0] the range's CIDR (Address), Names[0] the host (Unchecked).
    /// </summary>
    RefusedRedirect,
    /// <summary>Refused: the requester asked for Count diagnoses within a minute.</summary>
    RateLimitedRequester,
    /// <summary>Refused: Host was probed Count times within a minute.</summary>
    RateLimitedTarget,
    /// <summary>Refused: Count diagnoses were already running (Probes:MaxConcurrentDiagnoses).</summary>
    Busy,
    /// <summary>
    /// Refused: the target is not a web address the probes take: Reason (a <see cref="TargetProblem"/>), Names[0] the part
    /// at fault (the scheme, the host, the address typed without its query), Count the longest target (TooLong).
    /// </summary>
    TargetInvalid,
}

/// <summary>Why a redirect was not followed (stored by its <see cref="WireNames"/> name in <see cref="FindingValues.Reason"/>).</summary>
public enum RedirectRefusal
{
    /// <summary>Not http or https.</summary>
    Scheme,
    /// <summary>The redirect's address carries a user name or password.</summary>
    Credentials,
    /// <summary>A port the probes do not connect to.</summary>
    Port,
    /// <summary>The redirect's host does not resolve.</summary>
    Unresolved,
    /// <summary>The redirect's host is or resolves to an internal address.</summary>
    Address,
    /// <summary>A connection to a host that was not resolved and checked first (a defence that should never fire).</summary>
    Unchecked,
}

/// <summary>Why a target is not a web address the probes take (stored by its <see cref="WireNames"/> name).</summary>
public enum TargetProblem
{
    Empty,
    TooLong,
    /// <summary>Spaces or control characters.</summary>
    Whitespace,
    /// <summary>A scheme other than http or https.</summary>
    Scheme,
    NotWebAddress,
    /// <summary>A user name or password in the address.</summary>
    Credentials,
    /// <summary>Not a valid (internationalised) host name or IP address.</summary>
    Host,
}

/// <summary>What kind of hop answered.</summary>
[JsonConverter(typeof(WireEnumConverter<HopRole>))]
public enum HopRole
{
    /// <summary>The application server itself.</summary>
    Origin,
    /// <summary>A reverse proxy or API gateway in front of the origin.</summary>
    Gateway,
    LoadBalancer,
    Cdn,
    /// <summary>A forward or unspecified proxy.</summary>
    Proxy,
}

/// <summary>What a hop's error says about where the fault lies.</summary>
[JsonConverter(typeof(WireEnumConverter<HopFault>))]
public enum HopFault
{
    /// <summary>Identification only: the hop's answer says nothing about the fault.</summary>
    None,
    /// <summary>The hop could not get an answer from behind it (the origin or the next hop).</summary>
    Upstream,
    /// <summary>The hop itself failed.</summary>
    Self,
    /// <summary>The application answered the error itself.</summary>
    Origin,
}

/// <summary>The lower-case, hyphenated names the evidence has always used on the wire ("load-balancer", "nxdomain").</summary>
public static class WireNames
{
    /// <summary>The stored and serialized name of an evidence value, e.g. <c>HopRole.LoadBalancer</c> → "load-balancer".</summary>
    public static string Of<T>(T value)
        where T : struct, Enum => Cache<T>.Names.TryGetValue(value, out var name) ? name : JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>The value of a stored name; null when it names none.</summary>
    public static T? Parse<T>(string? name)
        where T : struct, Enum => name is not null && Cache<T>.Values.TryGetValue(name, out var value) ? value : null;

    private static class Cache<T>
        where T : struct, Enum
    {
        public static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));

        public static readonly Dictionary<string, T> Values = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>Reads and writes an evidence enum by its <see cref="WireNames"/> name, whatever the serializer context's options.</summary>
public sealed class WireEnumConverter<T> : JsonStringEnumConverter<T>
    where T : struct, Enum
{
    public WireEnumConverter()
        : base(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    {
    }
}
