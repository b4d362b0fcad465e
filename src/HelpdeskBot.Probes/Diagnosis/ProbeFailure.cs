using System.Text.Json.Serialization;

namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>
/// What went wrong in a probe, as a fact each reader words (<c>Failure_&lt;Kind&gt;</c> in the user's and the help desk's
/// catalogues): stored beside the English <c>Error</c> text the evidence always had, which stays for the `probe` command,
/// the API and evidence stored before kinds existed (readers fall back to it when there is no failure).
/// </summary>
/// <param name="Kind">What failed.</param>
public sealed record ProbeFailure(FailureKind Kind)
{
    /// <summary>
    /// A technical detail the reader quotes as it is, never a sentence: a DNS response code ("Refused"), a socket error
    /// ("ConnectionAborted"), an HTTP/2 error code ("PROTOCOL_ERROR"), a TLS alert from the TLS library ("tlsv1 alert
    /// protocol version"), a chain status ("NotSignatureValid"), an exception's type, the egress proxy, or a range's CIDR.
    /// </summary>
    public string? Detail { get; init; }

    /// <summary>A time limit that ran out, in seconds (readers write it with their language's decimal separator).</summary>
    public double? Seconds { get; init; }
}

/// <summary>Each failure the probes tell apart; stored by its <see cref="WireNames"/> name ("connect-refused").</summary>
[JsonConverter(typeof(WireEnumConverter<FailureKind>))]
public enum FailureKind
{
    /// <summary>The name does not exist (NXDOMAIN).</summary>
    NameNotFound,
    /// <summary>The name exists without address records (NODATA).</summary>
    NoAddresses,
    /// <summary>The resolver could not get an answer (SERVFAIL).</summary>
    ResolverFailure,
    /// <summary>The resolver did not answer within Seconds.</summary>
    ResolverTimeout,
    /// <summary>The resolver answered another response code: Detail.</summary>
    ResolverCode,
    /// <summary>The query failed before an answer (Detail: the exception's type).</summary>
    QueryFailed,
    /// <summary>The bot's machine has no name server configured.</summary>
    NoNameServer,
    /// <summary>Not asked: the name is in an internal zone, only the system resolver is.</summary>
    InternalZone,

    /// <summary>Nothing listens on the port.</summary>
    ConnectRefused,
    /// <summary>No answer to the connection request within Seconds.</summary>
    ConnectTimeout,
    /// <summary>No route to the host.</summary>
    ConnectUnreachable,
    /// <summary>Another socket error: Detail.</summary>
    ConnectFailed,
    /// <summary>The safety policy refused the address right before connecting: Detail (the range's CIDR).</summary>
    ConnectBlocked,
    /// <summary>No address to connect to.</summary>
    NoAddress,
    /// <summary>The configured egress proxy could not be reached: Detail (the proxy).</summary>
    ProxyUnreachable,
    /// <summary>A redirect led to an address or port the probes do not connect to (the refusal is a finding of its own).</summary>
    RedirectRefused,

    /// <summary>The time budget of the attempt (Seconds) ran out while connecting.</summary>
    TimeoutConnecting,
    /// <summary>... in the TLS handshake.</summary>
    TimeoutTls,
    /// <summary>... waiting for the response.</summary>
    TimeoutResponse,

    /// <summary>The TLS handshake failed: Detail (the TLS library's reason or the exception's type).</summary>
    TlsHandshake,
    /// <summary>The server and the probe share no TLS version: Detail.</summary>
    TlsVersion,
    /// <summary>What answered on the port does not speak TLS (often plain HTTP): Detail.</summary>
    TlsNotTls,
    /// <summary>The handshake ended without a certificate.</summary>
    TlsNoCertificate,

    /// <summary>The server reset the connection before answering.</summary>
    ResetBeforeAnswer,
    /// <summary>The server reset the connection while the response was being read.</summary>
    ResetWhileReading,
    /// <summary>The connection broke while the response was being read: Detail (the exception's type).</summary>
    BrokeWhileReading,
    /// <summary>The server closed the connection without answering.</summary>
    ClosedWithoutAnswer,
    /// <summary>The server closed the connection in the middle of the response.</summary>
    ClosedMidResponse,
    /// <summary>The server's bytes are not a valid HTTP response.</summary>
    InvalidResponse,
    /// <summary>The response headers exceed the probe's size limit.</summary>
    HeadersTooLarge,
    /// <summary>The server reset the HTTP/2 stream: Detail (the HTTP/2 error code).</summary>
    Http2StreamReset,
    /// <summary>The server closed the HTTP/2 connection without handling the request (GOAWAY): Detail (the error code).</summary>
    Http2GoAway,
    /// <summary>The server broke the HTTP/2 protocol: Detail (the error code).</summary>
    Http2Protocol,
    /// <summary>Anything else: Detail (the exception's type).</summary>
    Other,

    /// <summary>Certificate chain: the server sent no certificate.</summary>
    CertificateMissing,
    /// <summary>Certificate chain: a certificate has expired or is not yet valid.</summary>
    CertificateNotTimeValid,
    /// <summary>Certificate chain: self-signed, or its root is not trusted.</summary>
    CertificateUntrustedRoot,
    /// <summary>Certificate chain: an intermediate certificate is missing.</summary>
    CertificatePartialChain,
    /// <summary>Certificate chain: revoked.</summary>
    CertificateRevoked,
    /// <summary>Certificate chain: not valid for server authentication.</summary>
    CertificateWrongUsage,
    /// <summary>Certificate chain: another chain status, Detail.</summary>
    CertificateOther,
}
