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

        if (options.EgressProxy is { } proxy && !IsHttpUrl(proxy))
        {
            errors.Add($"Probes:EgressProxy: '{proxy}' is not an http(s) URL.");
        }

        foreach (var url in options.ControlUrls)
        {
            if (!IsHttpUrl(url))
            {
                errors.Add($"Probes:ControlUrls: '{url}' is not an http(s) URL.");
            }
        }

        if (options.AttemptTimeout > options.TimeBudget)
        {
            errors.Add("Probes:AttemptTimeout must not exceed Probes:TimeBudget.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
