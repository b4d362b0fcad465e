using System.Globalization;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>
/// How a hop is named in any reader's text: a catalogue product by its name, a hop outside the catalogue by what it
/// calls itself ("a proxy that identifies itself as edge-gw/2.1"). Third person about the hop, so the user's card,
/// the ticket and the `probe` command all use it and word the rest of the sentence for their reader.
/// </summary>
public static class HopWords
{
    /// <summary>"a load balancer", "a CDN", …</summary>
    public static string Role(HopRole role) => role switch
    {
        HopRole.Origin => "the web server",
        HopRole.Gateway => "a gateway",
        HopRole.LoadBalancer => "a load balancer",
        HopRole.Cdn => "a CDN",
        _ => "a proxy",
    };

    /// <summary>"nginx" (catalogue), "a gateway that identifies itself as edge-gw/2.1" (outside the catalogue), or
    /// "nginx (as the report says)" when only the reporter named it.</summary>
    public static string Name(HopIdentity hop)
    {
        ArgumentNullException.ThrowIfNull(hop);
        return hop.Source switch
        {
            HopSource.SelfIdentified => $"{Role(hop.Role)} that identifies itself as {hop.Product}",
            HopSource.Reported => $"{hop.Product} (as the report says)",
            _ => hop.Product,
        };
    }

    /// <summary>What a hop's error means: the catalogue's or Proxy-Status' words, else what the status means from that kind of hop.</summary>
    public static string Meaning(HopIdentity hop, int? status)
    {
        ArgumentNullException.ThrowIfNull(hop);
        if (!string.IsNullOrWhiteSpace(hop.Meaning))
        {
            return hop.Meaning.TrimEnd('.');
        }

        // RFC 9110 §15.6.3 / §15.6.5: a 502 or 504 is what a gateway answers when the server behind it fails it.
        return (status, hop.Role) switch
        {
            (502, not HopRole.Origin) => "it got no valid answer from the server behind it",
            (504, not HopRole.Origin) => "the server behind it did not answer in time",
            (503, _) => "it is not taking requests right now (overloaded or in maintenance)",
            _ => "it reports an error",
        };
    }

    /// <summary>"origin-app → edge-gw/2.1 → cdn-1" with the hop that produced the error marked, or null for fewer than two hops.</summary>
    public static string? Chain(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (verdict.Chain.Count < 2)
        {
            return null;
        }

        return string.Join(" → ", verdict.Chain.Select(h => h.Product == verdict.AnsweredBy?.Product ? $"{h.Product} (error)" : h.Product));
    }

    /// <summary>Where the hop that produced the error sits: "the 2nd of 3 hops, counted from the site".</summary>
    public static string? Position(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var index = verdict.AnsweredBy is { } hop ? verdict.Chain.ToList().FindIndex(h => h.Product == hop.Product) : -1;
        return index < 0 || verdict.Chain.Count < 2
            ? null
            : $"the {Ordinal(index + 1)} of {verdict.Chain.Count.ToString(CultureInfo.InvariantCulture)} hops, counted from the site";
    }

    /// <summary>"HTTP/2", "HTTP/1.1" for an ALPN protocol id.</summary>
    public static string Protocol(string alpn) => alpn switch
    {
        "h2" => "HTTP/2",
        "http/1.1" => "HTTP/1.1",
        _ => alpn,
    };

    private static string Ordinal(int n) => n switch
    {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        _ => n.ToString(CultureInfo.InvariantCulture) + "th",
    };
}
