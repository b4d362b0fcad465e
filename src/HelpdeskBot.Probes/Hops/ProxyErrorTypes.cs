using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Probes.Hops;

/// <summary>
/// The Proxy-Status error types of RFC 9209 §2.3 (IANA "HTTP Proxy-Status Parameters" registry), each with what it
/// means in plain words — data, like the fingerprint catalogue's meanings — and whose fault it is.
/// </summary>
internal static class ProxyErrorTypes
{
    private static readonly Dictionary<string, (string Meaning, HopFault Fault)> Types = new(StringComparer.Ordinal)
    {
        ["dns_timeout"] = ("it could not look up the address of the server behind it in time (DNS timeout)", HopFault.Upstream),
        ["dns_error"] = ("it could not look up the address of the server behind it (DNS error)", HopFault.Upstream),
        ["destination_not_found"] = ("it does not know where to send the request (no server behind it is configured for it)", HopFault.Upstream),
        ["destination_unavailable"] = ("it considers the server behind it unavailable (for example, failing its health checks)", HopFault.Upstream),
        ["destination_ip_prohibited"] = ("it is not allowed to connect to the server behind it", HopFault.Upstream),
        ["destination_ip_unroutable"] = ("it has no route to the server behind it", HopFault.Upstream),
        ["connection_refused"] = ("the server behind it refused the connection", HopFault.Upstream),
        ["connection_terminated"] = ("the server behind it closed the connection before answering", HopFault.Upstream),
        ["connection_timeout"] = ("the server behind it did not accept the connection in time", HopFault.Upstream),
        ["connection_read_timeout"] = ("the server behind it stopped sending data", HopFault.Upstream),
        ["connection_write_timeout"] = ("it could not send the request to the server behind it in time", HopFault.Upstream),
        ["connection_limit_reached"] = ("it has too many connections open to the server behind it", HopFault.Upstream),
        ["tls_protocol_error"] = ("the secure connection to the server behind it failed", HopFault.Upstream),
        ["tls_certificate_error"] = ("it refused the certificate of the server behind it", HopFault.Upstream),
        ["tls_alert_received"] = ("the server behind it broke off the secure connection", HopFault.Upstream),
        ["http_request_error"] = ("it could not make the request to the server behind it", HopFault.Upstream),
        ["http_request_denied"] = ("it refused the request by its own rules", HopFault.Self),
        ["http_response_incomplete"] = ("the server behind it sent an incomplete answer", HopFault.Upstream),
        ["http_response_header_section_size"] = ("the server behind it sent more headers than it accepts", HopFault.Upstream),
        ["http_response_header_size"] = ("the server behind it sent a header larger than it accepts", HopFault.Upstream),
        ["http_response_body_size"] = ("the server behind it sent a larger answer than it accepts", HopFault.Upstream),
        ["http_response_trailer_section_size"] = ("the server behind it sent more trailers than it accepts", HopFault.Upstream),
        ["http_response_trailer_size"] = ("the server behind it sent a trailer larger than it accepts", HopFault.Upstream),
        ["http_response_transfer_coding"] = ("the server behind it sent an answer it could not decode (transfer coding)", HopFault.Upstream),
        ["http_response_content_coding"] = ("the server behind it sent an answer it could not decode (content coding)", HopFault.Upstream),
        ["http_response_timeout"] = ("the server behind it did not answer in time", HopFault.Upstream),
        ["http_upgrade_failed"] = ("the protocol upgrade with the server behind it failed", HopFault.Upstream),
        ["http_protocol_error"] = ("the server behind it broke the HTTP protocol", HopFault.Upstream),
        ["proxy_internal_response"] = ("it answered by itself, without asking the server behind it", HopFault.Self),
        ["proxy_internal_error"] = ("it failed internally", HopFault.Self),
        ["proxy_configuration_error"] = ("it is misconfigured", HopFault.Self),
        ["proxy_loop_detected"] = ("the request went round in a loop between proxies", HopFault.Self),
    };

    /// <summary>The plain words and fault of an error type; an unregistered type still names itself.</summary>
    public static (string Meaning, HopFault Fault) Describe(string errorType, IReadOnlyDictionary<string, string> parameters)
    {
        var (meaning, fault) = Types.TryGetValue(errorType, out var known) ? known : ($"it reports the error \"{errorType}\"", HopFault.Upstream);
        if (parameters.TryGetValue("next-hop", out var next) && next.Length > 0 && fault == HopFault.Upstream)
        {
            meaning += $" (next hop {next})";
        }

        if (parameters.TryGetValue("received-status", out var received) && received.Length > 0)
        {
            meaning += $"; the server behind it answered {received}";
        }

        return (meaning, fault);
    }
}
