using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.RegularExpressions;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Probes.Tls;

/// <summary>
/// Why a TLS handshake failed, from the exception .NET raised: the TLS library's reason (OpenSSL's
/// "error:0A00042E:SSL routines::tlsv1 alert protocol version") tells a version mismatch and a port that does not speak
/// TLS from any other alert; a reset or a closed connection is named by its socket error or exception type.
/// </summary>
internal static partial class TlsHandshakeFailure
{
    public static ProbeFailure Of(Exception e)
    {
        string? reason = null;
        string? socket = null;
        var innermost = e;
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            innermost = inner;
            if (inner is SocketException s)
            {
                socket = s.SocketErrorCode.ToString();
            }
            else if (ReasonRegex().Match(inner.Message) is { Success: true } m)
            {
                reason = m.Groups[1].Value.Trim();
            }
        }

        if (reason is not null)
        {
            // OpenSSL's reason strings (ssl/ssl_err.c): a version neither side shares, or bytes that are not a TLS record.
            var kind = reason.Contains("protocol version", StringComparison.OrdinalIgnoreCase) || reason.Contains("unsupported protocol", StringComparison.OrdinalIgnoreCase)
                || reason.Contains("no protocols available", StringComparison.OrdinalIgnoreCase) || reason.Contains("version too low", StringComparison.OrdinalIgnoreCase)
                ? FailureKind.TlsVersion
                : reason.Contains("wrong version number", StringComparison.OrdinalIgnoreCase) || reason.Contains("packet length too long", StringComparison.OrdinalIgnoreCase)
                    || reason.Contains("http request", StringComparison.OrdinalIgnoreCase)
                    ? FailureKind.TlsNotTls
                    : FailureKind.TlsHandshake;
            return new ProbeFailure(kind) { Detail = reason };
        }

        // SslStream reads the first record header itself and refuses what is not one (plain HTTP's "HTTP/1.1 400 …")
        // with this AuthenticationException before the TLS library sees a byte (SR.net_frame_read_size; the runtime's
        // texts are English: InvariantGlobalization).
        if (e is AuthenticationException { InnerException: null } && e.Message.Contains("frame", StringComparison.OrdinalIgnoreCase))
        {
            return new ProbeFailure(FailureKind.TlsNotTls) { Detail = e.GetType().Name };
        }

        return new ProbeFailure(FailureKind.TlsHandshake) { Detail = socket ?? innermost.GetType().Name };
    }

    /// <summary>"error:0A00042E:SSL routines::tlsv1 alert protocol version" (OpenSSL 3) or "…:SSL routines:func:reason" (1.1).</summary>
    [GeneratedRegex(@"error:[0-9A-Fa-f]+:[^:]*:[^:]*:([^:]+)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ReasonRegex();
}
