namespace HelpdeskBot.Probes.Http;

/// <summary>Response headers that tell which hops a response went through (CDNs, proxies, load balancers).</summary>
internal static class HopHeaders
{
    public static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "Server", "Via", "X-Cache", "X-Cache-Hits", "X-Cache-Lookup", "X-Cache-Status", "CF-RAY", "CF-Cache-Status",
        "X-Amz-Cf-Id", "X-Amz-Cf-Pop", "X-Amzn-RequestId", "X-Amzn-Trace-Id", "X-Azure-Ref", "X-MSEdge-Ref", "X-Served-By",
        "X-Squid-Error", "X-Varnish", "X-Akamai-Transformed", "X-Akamai-Request-ID", "Akamai-GRN", "X-Check-Cacheable",
        "X-Envoy-Upstream-Service-Time", "X-Powered-By", "X-AspNet-Version", "Retry-After", "Location", "Content-Type",
        "Alt-Svc", "X-Request-Id", "Proxy-Status", "Cache-Status",
    };
}
