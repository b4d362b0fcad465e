using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.Conversations.Cards;

/// <summary>
/// A hop named in the reporter's language (<see cref="HopWords"/> names it in the ticket's English). A catalogue
/// product keeps its name; the catalogue's own explanation of an error is English, so other languages say what the
/// status means from that kind of hop instead.
/// </summary>
internal static class HopText
{
    public static string Role(HopRole role, UserTexts t) => role switch
    {
        HopRole.Origin => t.HopOrigin,
        HopRole.Gateway => t.HopGateway,
        HopRole.LoadBalancer => t.HopLoadBalancer,
        HopRole.Cdn => t.HopCdn,
        _ => t.HopProxy,
    };

    public static string Name(HopIdentity hop, UserTexts t) => hop.Source switch
    {
        HopSource.SelfIdentified => t.HopSelfIdentified(Role(hop.Role, t), hop.Product),
        HopSource.Reported => t.HopReported(hop.Product),
        _ => hop.Product,
    };

    public static string Meaning(HopIdentity hop, int? status, UserTexts t)
    {
        if (!string.IsNullOrWhiteSpace(hop.Meaning) && t.Language == Languages.English)
        {
            return hop.Meaning.TrimEnd('.');
        }

        // RFC 9110 §15.6.3 / §15.6.5: a 502 or 504 is what a gateway answers when the server behind it fails it.
        return (status, hop.Role) switch
        {
            (502, not HopRole.Origin) => t.HopMeaningBadGateway,
            (504, not HopRole.Origin) => t.HopMeaningGatewayTimeout,
            (503, _) => t.HopMeaningUnavailable,
            _ => t.HopMeaningError,
        };
    }

    /// <summary>"origin-app → edge-gw/2.1 (error) → cdn-1", or null for fewer than two hops.</summary>
    public static string? Chain(Verdict verdict, UserTexts t) =>
        verdict.Chain.Count < 2
            ? null
            : string.Join(" → ", verdict.Chain.Select(h => h.Product == verdict.AnsweredBy?.Product ? t.HopErrorMark(h.Product) : h.Product));

    /// <summary>Where the hop that produced the error sits ("the 2nd of 3 hops, counted from the site"), or null.</summary>
    public static string? Position(Verdict verdict, UserTexts t)
    {
        var index = verdict.AnsweredBy is { } hop ? verdict.Chain.ToList().FindIndex(h => h.Product == hop.Product) : -1;
        return index < 0 || verdict.Chain.Count < 2 ? null : t.HopPosition(t.Ordinal(index + 1), t.Number(verdict.Chain.Count));
    }
}
