using System.Collections.Concurrent;

namespace HelpdeskBot.Protocol.Connector;

/// <summary>In-memory trusted service URL list (per process; re-trust from stored references after a restart).</summary>
internal sealed class TrustedServiceUrls : ITrustedServiceUrls
{
    private readonly ConcurrentDictionary<string, byte> _trusted = new(StringComparer.OrdinalIgnoreCase);

    public void Trust(string serviceUrl)
    {
        if (Normalize(serviceUrl) is { } key)
        {
            _trusted.TryAdd(key, 0);
        }
    }

    public bool IsTrusted(Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        if (!requestUri.IsAbsoluteUri || _trusted.IsEmpty)
        {
            return false;
        }

        // Prefix match on scheme://host:port/path/ — the trailing slash keeps /amer from trusting /america.
        var target = requestUri.GetLeftPart(UriPartial.Path);
        foreach (var key in _trusted.Keys)
        {
            if (target.StartsWith(key, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    internal static string? Normalize(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        var key = uri.GetLeftPart(UriPartial.Path);
        return key.EndsWith('/') ? key : key + "/";
    }
}
