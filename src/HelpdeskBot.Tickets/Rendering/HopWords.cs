using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>
/// How a hop is named in a reader's language: a catalogue product by its name, a hop outside the catalogue by what it
/// calls itself ("a gateway that identifies itself as edge-gw/2.1"). Third person about the hop, so the user's card
/// (the user's catalogue), the ticket and the channel card (the help desk's, <see cref="DeskTexts"/>) and the `probe`
/// command (English) all use it and word the rest of the sentence for their reader. Both catalogues hold the
/// <c>Hop*</c> texts.
/// </summary>
public static class HopWords
{
    /// <summary>
    /// What identified a hop: the headers as the site sent them, the page's title and text quoted after the reader's
    /// words for them (<c>HopEvidence_Title</c>, <c>HopEvidence_Body</c>); for a hop only the user's report named, that
    /// in the reader's words (<c>HopEvidence_Reported</c>).
    /// </summary>
    public static string Evidence(HopIdentity hop, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(hop);
        ArgumentNullException.ThrowIfNull(t);
        if (hop.Source == HopSource.Reported)
        {
            return t.Get("HopEvidence_Reported");
        }

        return hop.Markers is { Count: > 0 } markers ? Markers(markers, t) : hop.Evidence;
    }

    /// <summary>
    /// A catalogue match's markers, "; "-separated: headers as the site sent them ("Server: cloudflare"), the page's title
    /// and text quoted after the reader's words for them. A hop stored before markers has only its English evidence.
    /// </summary>
    public static string Markers(IEnumerable<HopMarker> markers, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(markers);
        ArgumentNullException.ThrowIfNull(t);
        return string.Join("; ", markers.Select(m => m.Kind switch
        {
            HopMarkerKind.Title => t.Format("HopEvidence_Title", $"\"{m.Value}\""),
            HopMarkerKind.Body => t.Format("HopEvidence_Body", $"\"{m.Value}\""),
            _ => $"{m.Name}: {m.Value}",
        }));
    }

    /// <summary>"a load balancer", "a CDN", …</summary>
    public static string Role(HopRole role, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return role switch
        {
            HopRole.Origin => t.Get("HopOrigin"),
            HopRole.Gateway => t.Get("HopGateway"),
            HopRole.LoadBalancer => t.Get("HopLoadBalancer"),
            HopRole.Cdn => t.Get("HopCdn"),
            _ => t.Get("HopProxy"),
        };
    }

    /// <summary>Who produced an error, for the help desk: "nginx/1.22.1 (a reverse proxy)".</summary>
    public static string Producer(string product, HopRole role, TextCatalogue t) => $"{product} ({Role(role, t)})";

    /// <summary>"nginx" (catalogue), "a gateway that identifies itself as edge-gw/2.1" (outside the catalogue), or
    /// "nginx (as the report says)" when only the reporter named it.</summary>
    public static string Name(HopIdentity hop, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(hop);
        ArgumentNullException.ThrowIfNull(t);
        return hop.Source switch
        {
            HopSource.SelfIdentified => t.Format("HopSelfIdentified", Role(hop.Role, t), hop.Product),
            HopSource.Reported => t.Format("HopReported", hop.Product),
            _ => hop.Product,
        };
    }

    /// <summary>
    /// What a hop's error means: the catalogue's or Proxy-Status' words (English, so only in English), else what the
    /// status means from that kind of hop.
    /// </summary>
    public static string Meaning(HopIdentity hop, int? status, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(hop);
        ArgumentNullException.ThrowIfNull(t);
        if (!string.IsNullOrWhiteSpace(hop.Meaning) && t.Language == TextCatalogue.English)
        {
            return hop.Meaning.TrimEnd('.');
        }

        // RFC 9110 §15.6.3 / §15.6.5: a 502 or 504 is what a gateway answers when the server behind it fails it.
        return (status, hop.Role) switch
        {
            (502, not HopRole.Origin) => t.Get("HopMeaningBadGateway"),
            (504, not HopRole.Origin) => t.Get("HopMeaningGatewayTimeout"),
            (503, _) => t.Get("HopMeaningUnavailable"),
            _ => t.Get("HopMeaningError"),
        };
    }

    /// <summary>"origin-app → edge-gw/2.1 (error) → cdn-1", or null for fewer than two hops.</summary>
    public static string? Chain(Verdict verdict, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(t);
        return verdict.Chain.Count < 2
            ? null
            : string.Join(" → ", verdict.Chain.Select(h => h.Product == verdict.AnsweredBy?.Product ? t.Format("HopErrorMark", h.Product) : h.Product));
    }

    /// <summary>Where the hop that produced the error sits: "the 2nd of 3 hops, counted from the site".</summary>
    public static string? Position(Verdict verdict, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(t);
        var index = verdict.AnsweredBy is { } hop ? verdict.Chain.ToList().FindIndex(h => h.Product == hop.Product) : -1;
        return index < 0 || verdict.Chain.Count < 2 ? null : t.Format("HopPosition", t.Ordinal(index + 1), t.Number(verdict.Chain.Count));
    }

    /// <summary>
    /// How an attempt went (<see cref="HttpAttemptEvidence.Via"/>: "direct" or "proxy") in the reader's words:
    /// <c>Via_Direct</c>, <c>Via_Proxy</c>; another value as stored.
    /// </summary>
    public static string Via(string via, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return via switch
        {
            "direct" => t.Get("Via_Direct"),
            "proxy" => t.Get("Via_Proxy"),
            _ => via,
        };
    }

    /// <summary>
    /// "TLS 1.3" for the handshake's protocol as stored (.NET's <see cref="System.Security.Authentication.SslProtocols"/>
    /// name, "Tls13"), the way RFC 8446 and browsers write it (the same in every language); another value as stored.
    /// </summary>
    public static string TlsVersion(string? protocol) => protocol switch
    {
        null or "" => "?",
        "Tls13" => "TLS 1.3",
        "Tls12" => "TLS 1.2",
        "Tls11" => "TLS 1.1",
        "Tls" => "TLS 1.0",
        "Ssl3" => "SSL 3.0",
        "Ssl2" => "SSL 2.0",
        _ => protocol,
    };

    /// <summary>"HTTP/2", "HTTP/1.1" for an ALPN protocol id (the same in every language).</summary>
    public static string Protocol(string alpn) => alpn switch
    {
        "h2" => "HTTP/2",
        "http/1.1" => "HTTP/1.1",
        _ => alpn,
    };
}
