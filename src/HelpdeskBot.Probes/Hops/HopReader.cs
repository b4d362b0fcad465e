using System.Text.RegularExpressions;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Probes.Hops;

/// <summary>
/// Names the hops a response went through from the standard header fields — Proxy-Status (RFC 9209), Via (RFC 9110
/// §7.6.3), Cache-Status (RFC 9211), Server — and the vendor families of request-id and cache headers
/// (<c>X-Kong-Request-Id</c>, <c>X-Edge-Cache</c>, <c>X-Cache: MISS from host</c>), and says which of them produced an
/// error. It runs for products outside the fingerprint catalogue: each hop is named by what it calls itself.
/// </summary>
internal static partial class HopReader
{
    /// <summary>The hops the response names, nearest the origin first, and the one that produced the error (null when none can be told).</summary>
    public sealed record Reading(IReadOnlyList<HopIdentity> Chain, HopIdentity? Generator);

    private static readonly Reading Nothing = new([], null);

    /// <summary>Words that appear in generic header names, not vendors: "X-Request-Id" names nobody.</summary>
    private static readonly HashSet<string> NotVendors = new(StringComparer.OrdinalIgnoreCase)
    {
        "request", "correlation", "trace", "cache", "amz", "amzn", "served", "forwarded", "real", "original", "powered", "aspnet", "client",
    };

    public static Reading Read(int status, IReadOnlyDictionary<string, string> headers)
    {
        var chain = new List<HopIdentity>();
        HopIdentity? generator = null;

        var gatewayError = status is 502 or 503 or 504;
        var fault = gatewayError ? HopFault.Upstream : HopFault.None;

        // Via: one member per intermediary, nearest the origin first; the comment usually names the product.
        var via = ViaField.Parse(Get(headers, "Via"));
        var firstVia = (HopIdentity?)null;
        foreach (var hop in via)
        {
            var identity = new HopIdentity("via", hop.Comment is { } c && LooksLikeProduct(c) ? c : hop.ReceivedBy, HopRole.Proxy, string.Empty, Trim($"Via: {hop.Text}"), fault, HopSource.SelfIdentified);
            var added = Add(chain, identity);
            firstVia ??= added;
        }

        // Proxy-Status: each intermediary that handled the response, nearest the origin first; "error" marks the one that failed.
        foreach (var member in StructuredList.Parse(Get(headers, "Proxy-Status")))
        {
            var evidence = $"Proxy-Status: {member.Name}" + string.Concat(member.Parameters.Select(p => $"; {p.Key}={p.Value}"));
            if (member.Parameters.TryGetValue("error", out var error))
            {
                var (meaning, errorFault) = ProxyErrorTypes.Describe(error, member.Parameters);
                var hop = Add(chain, new HopIdentity("proxy-status", member.Name, HopRole.Proxy, meaning, Trim(evidence), errorFault, HopSource.SelfIdentified, error));
                generator ??= hop;
            }
            else
            {
                Add(chain, new HopIdentity("proxy-status", member.Name, HopRole.Proxy, string.Empty, Trim(evidence), HopFault.None, HopSource.SelfIdentified));
            }
        }

        // Cache-Status: each cache the response passed, nearest the origin first; "fwd" says it asked the next hop.
        var firstForwarding = (HopIdentity?)null;
        foreach (var member in StructuredList.Parse(Get(headers, "Cache-Status")))
        {
            var evidence = $"Cache-Status: {member.Name}" + string.Concat(member.Parameters.Select(p => p.Value == "true" ? $"; {p.Key}" : $"; {p.Key}={p.Value}"));
            var identity = new HopIdentity("cache-status", member.Name, HopRole.Proxy, string.Empty, Trim(evidence), fault, HopSource.SelfIdentified);
            var added = Add(chain, identity);
            if (member.Parameters.ContainsKey("fwd"))
            {
                firstForwarding ??= added;
            }
        }

        // Vendor families: "X-Cache: MISS from host" (Squid and its imitators), X-<Vendor>-Request-Id, X-<Vendor>-Cache.
        var vendor = Vendor(headers, fault);
        if (vendor is not null)
        {
            Add(chain, vendor);
        }

        // Server: what the answering server calls itself. From a 502/504 it is a gateway speaking for what lies behind.
        var server = Get(headers, "Server") is { Length: > 0 } s
            ? new HopIdentity("server", Trim(s, 60), gatewayError ? HopRole.Gateway : HopRole.Origin, string.Empty, Trim($"Server: {s}"), gatewayError ? HopFault.Upstream : HopFault.Origin, HopSource.SelfIdentified)
            : null;
        if (server is not null && chain.Count > 0)
        {
            Add(chain, server);
        }

        if (status < 500)
        {
            return chain.Count == 0 ? Nothing : new Reading(chain, null);
        }

        // Which hop produced the error: the one Proxy-Status says failed; else, for a gateway status, the intermediary
        // nearest the origin (it is the one that talked to the origin); else the answering server itself.
        generator ??= gatewayError ? firstVia ?? firstForwarding ?? server ?? vendor : server;
        return new Reading(chain, generator);
    }

    /// <summary>The first vendor-family header that names a hop, e.g. <c>X-Kong-Request-Id</c> → "Kong".</summary>
    private static HopIdentity? Vendor(IReadOnlyDictionary<string, string> headers, HopFault fault)
    {
        foreach (var (name, value) in headers)
        {
            if (name.Equals("X-Cache", StringComparison.OrdinalIgnoreCase) && CacheFromRegex().Match(value) is { Success: true } from)
            {
                return new HopIdentity("x-cache", from.Groups[1].Value, HopRole.Proxy, string.Empty, Trim($"{name}: {value}"), fault, HopSource.SelfIdentified);
            }

            if (VendorHeaderRegex().Match(name) is { Success: true } m && !NotVendors.Contains(m.Groups[1].Value))
            {
                return new HopIdentity("vendor-header", m.Groups[1].Value, HopRole.Gateway, string.Empty, Trim($"{name}: {value}"), fault, HopSource.SelfIdentified);
            }
        }

        return null;
    }

    /// <summary>A header of a vendor family (<c>X-Kong-Request-Id</c>, <c>X-Edge-Cache</c>): kept as hop evidence.</summary>
    public static bool IsVendorHeader(string name) => VendorHeaderRegex().Match(name) is { Success: true } m && !NotVendors.Contains(m.Groups[1].Value);

    /// <summary>A Via comment names a product ("squid/6.6", "edge-gw/2.1", "CloudFront"), not a sentence.</summary>
    private static bool LooksLikeProduct(string comment) => comment.Length <= 60 && !comment.Contains(' ', StringComparison.Ordinal);

    /// <summary>
    /// One entry per hop: the same hop often shows in Via and in Proxy-Status or Cache-Status, by the same name or as
    /// name/version. A hop that reports an error (Proxy-Status) replaces its plainer entry, keeping its place.
    /// </summary>
    private static HopIdentity Add(List<HopIdentity> chain, HopIdentity hop)
    {
        var index = chain.FindIndex(h => SameHop(h.Product, hop.Product));
        if (index < 0)
        {
            if (chain.Count < 16)
            {
                chain.Add(hop);
            }

            return hop;
        }

        if (hop.ErrorType is not null && chain[index].ErrorType is null)
        {
            chain[index] = hop with { Product = chain[index].Product.Length > hop.Product.Length ? chain[index].Product : hop.Product };
        }

        return chain[index];
    }

    private static bool SameHop(string a, string b) =>
        string.Equals(a, b, StringComparison.OrdinalIgnoreCase)
        || a.StartsWith(b + "/", StringComparison.OrdinalIgnoreCase)
        || b.StartsWith(a + "/", StringComparison.OrdinalIgnoreCase);

    private static string? Get(IReadOnlyDictionary<string, string> headers, string name) => headers.TryGetValue(name, out var value) ? value : null;

    private static string Trim(string value, int max = 120)
    {
        var flat = value.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : flat[..max] + "…";
    }

    [GeneratedRegex(@"\bfrom\s+([A-Za-z0-9._:-]{1,80})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex CacheFromRegex();

    [GeneratedRegex(@"^X-([A-Za-z0-9]{2,30})-(?:Request-?Id|Trace-?Id|Cache(?:-Status)?|Upstream[A-Za-z-]*|Edge[A-Za-z-]*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex VendorHeaderRegex();
}
