using System.Net;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Probes;

/// <summary>Checks what data annotations cannot: CIDRs, resolver endpoints, ports and URLs parse.</summary>
internal sealed class ProbesOptionsValidator : IValidateOptions<ProbesOptions>
{
    public ValidateOptionsResult Validate(string? name, ProbesOptions options)
    {
        var errors = new List<string>();
        foreach (var cidr in options.AllowedNetworks)
        {
            if (!IPNetwork.TryParse(cidr, out _))
            {
                errors.Add($"Probes:AllowedNetworks: '{cidr}' is not a CIDR (e.g. 10.20.0.0/16).");
            }
        }

        foreach (var resolver in options.EffectiveResolvers)
        {
            if (!Dns.ResolverEndpoint.TryParse(resolver, out _))
            {
                errors.Add($"Probes:Resolvers: '{resolver}' is not an IP address or IP:port.");
            }
        }

        if (options.SystemResolver is { } system && !Dns.ResolverEndpoint.TryParse(system, out _))
        {
            errors.Add($"Probes:SystemResolver: '{system}' is not an IP address or IP:port.");
        }

        foreach (var port in options.AllowedPorts)
        {
            if (port is < 1 or > 65535)
            {
                errors.Add($"Probes:AllowedPorts: {port} is not a TCP port.");
            }
        }

        // The egress proxy and the control URLs are trusted configuration: the address guard does not apply to them on
        // purpose (a corporate proxy and a reference site may well be internal; docs/probes.md, Safety). So they are
        // checked here, once, and never echoed with credentials.
        if (options.EgressProxy is { } proxy)
        {
            if (!Uri.TryCreate(proxy, UriKind.Absolute, out var p) || p.Scheme != Uri.UriSchemeHttp)
            {
                errors.Add($"Probes:EgressProxy: '{Redact(proxy)}' is not an http:// proxy URL (e.g. http://proxy.corp:3128; the probe speaks HTTP to the proxy and tunnels https with CONNECT).");
            }
            else if (!string.IsNullOrEmpty(p.UserInfo))
            {
                errors.Add($"Probes:EgressProxy: '{Redact(proxy)}' carries credentials; proxy authentication is not supported and credentials do not belong in a URL that ends up in logs.");
            }
            else if (p.AbsolutePath != "/" || p.Query.Length > 0 || p.Fragment.Length > 0)
            {
                errors.Add($"Probes:EgressProxy: '{Redact(proxy)}' must be scheme://host:port only, without a path or query.");
            }
        }

        foreach (var url in options.ControlUrls)
        {
            if (!IsHttpUrl(url))
            {
                errors.Add($"Probes:ControlUrls: '{Redact(url)}' is not an http(s) URL.");
            }
            else if (!string.IsNullOrEmpty(new Uri(url).UserInfo))
            {
                errors.Add($"Probes:ControlUrls: '{Redact(url)}' carries credentials; a reference site must answer without them.");
            }
        }

        if (options.AttemptTimeout > options.TimeBudget)
        {
            errors.Add("Probes:AttemptTimeout must not exceed Probes:TimeBudget.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The value with any user:password@ replaced, so a validation message never shows a secret.</summary>
    internal static string Redact(string value)
    {
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        var start = scheme < 0 ? 0 : scheme + 3;
        var end = value.IndexOfAny(['/', '?', '#'], start);
        var at = value.LastIndexOf('@', end < 0 ? value.Length - 1 : end - 1);
        return at >= start ? value[..start] + "***@" + value[(at + 1)..] : value;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
