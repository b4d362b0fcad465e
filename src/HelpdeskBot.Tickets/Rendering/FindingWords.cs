using System.Globalization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Safety;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>
/// A probe's finding worded from its facts (<see cref="Finding.Kind"/>, <see cref="Finding.Values"/>) in a reader's
/// catalogue: the help desk's (<see cref="DeskTexts"/>, for the ticket) or the user's (Conversations' <c>UserTexts</c>,
/// for the evidence on the user's card, which words the few findings about our own network for its reader). Both
/// catalogues hold a <c>Finding&lt;Kind&gt;</c> text per kind, and the words a refusal's facts need (<c>Range_</c> per kind
/// of internal range, <c>RedirectWhy_</c> per <see cref="RedirectRefusal"/>, <c>TargetWhy_</c> per <see cref="TargetProblem"/>).
/// A finding without a kind (stored before kinds existed) reads as its English <see cref="Finding.Message"/>.
/// </summary>
public static class FindingWords
{
    public static string ForHelpDesk(Finding finding, DeskTexts t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Word(finding, t.Catalogue);
    }

    public static string Word(Finding finding, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(t);
        if (finding.Kind is not { } kind)
        {
            return finding.Message;
        }

        var v = finding.Values ?? new FindingValues();
        var host = v.Host ?? "?";
        var key = "Finding" + kind;
        return kind switch
        {
            FindingKind.DnsCname => t.Format(key, ResolverName(v.Resolver, t), host, Join(v.Names, " → ")),
            FindingKind.DnsNxdomain or FindingKind.DnsNodata or FindingKind.DnsServfail or FindingKind.DnsTimeout => t.Format(key, ResolverName(v.Resolver, t), host),
            FindingKind.DnsError => t.Format(key, ResolverName(v.Resolver, t), FailureWords.Word(v.Failure, v.Error, t)),
            FindingKind.DnsDisagree => t.Format(key, host, Join(v.Names, "; ")),
            FindingKind.TcpFailed => t.Format(key, v.Address, Count(v.Port), FailureWords.Word(v.Failure, v.Error, t)),
            FindingKind.HttpStatus when v.Hop is { } hop => t.Format("FindingHttpStatusFrom", Count(v.Status), t.Number(v.Count ?? 0), t.Number(v.Total ?? 0), hop, v.HopMarkers is { Count: > 0 } markers ? HopWords.Markers(markers, t) : v.HopEvidence ?? "?"),
            FindingKind.HttpStatus => t.Format(key, Count(v.Status), t.Number(v.Count ?? 0), t.Number(v.Total ?? 0)),
            FindingKind.HttpNoResponse => t.Format(key, t.Number(v.Count ?? 0), t.Number(v.Total ?? 0), FailureWords.Word(v.Failure, v.Error, t)),
            FindingKind.DnsBudgetExhausted => t.Get(key),
            FindingKind.BudgetExhausted => t.Format(key, (v.Seconds ?? 0).ToString("0.#", CultureInfo.InvariantCulture), t.Number(v.Count ?? 0), t.Number(v.Total ?? 0)),
            FindingKind.ProxyCompare when v.Paths is { } p => t.Format(key, host, t.Number(p.DirectFailed), t.Number(p.DirectTotal), t.Number(p.ProxyFailed), t.Number(p.ProxyTotal)),
            FindingKind.ControlDown => t.Format(key, t.Number(v.Total ?? 0)),
            FindingKind.ControlOk => t.Format(key, t.Number(v.Count ?? 0), t.Number(v.Total ?? 0)),
            FindingKind.TlsHandshake or FindingKind.TlsChain => t.Format(key, host, FailureWords.Word(v.Failure, v.Error, t)),
            FindingKind.TlsExpired => t.Format(key, host, t.Plural(-(v.Days ?? 0), "DaysAgo_One", "DaysAgo_Other"), Date(v.At, t)),
            FindingKind.TlsExpiring => t.Format(key, host, t.Plural(v.Days ?? 0, "Days_One", "Days_Other"), Date(v.At, t)),
            FindingKind.TlsNameMismatch => t.Format(key, host, Join(v.Names, ", ")),
            FindingKind.TlsOk => t.Format(key, HopWords.TlsVersion(v.Protocol), v.Subject ?? "?", v.Issuer ?? "?", t.Plural(v.Days ?? 0, "Days_One", "Days_Other")),
            FindingKind.TargetMappedIpv4 or FindingKind.TargetIpv4Notation or FindingKind.TargetPunycode => t.Format(key, First(v.Names), host),
            FindingKind.RefusedPort => t.Format(key, host, Count(v.Port), Join(v.Names, ", ")),
            FindingKind.RefusedAddress => t.Format(key, host, v.Address ?? "?", Range(First(v.Names), t)),
            FindingKind.RefusedRedirect when WireNames.Parse<RedirectRefusal>(v.Reason) is { } why => t.Format("FindingRefusedRedirectWhy", host, Redirect(why, v, t)),
            FindingKind.RefusedRedirect => t.Format(key, host, v.Error ?? "?"),
            FindingKind.RateLimitedRequester => t.Format(key, t.Number(v.Count ?? 0), host),
            FindingKind.RateLimitedTarget or FindingKind.Busy => t.Format(key, host, t.Number(v.Count ?? 0)),
            FindingKind.TargetInvalid when WireNames.Parse<TargetProblem>(v.Reason) is { } problem => t.Format(key, Target(problem, v, t)),
            _ => finding.Message,
        };
    }

    /// <summary>
    /// Why a refused diagnosis was refused, worded for the reader (its last finding, when it has a kind); null for a
    /// refusal stored before refusals had kinds.
    /// </summary>
    public static string? Refusal(Diagnosis diagnosis, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        return diagnosis.Verdict.Kind == VerdictKind.Refused && diagnosis.Findings.Count > 0 && diagnosis.Findings[^1] is { Kind: not null } why
            ? Word(why, t)
            : null;
    }

    /// <summary>
    /// A resolver as the reader knows it: the machine's own (stored as "system", <see cref="ResolverAnswer.Resolver"/>)
    /// in the reader's words (<c>Resolver_System</c>), another by its address.
    /// </summary>
    public static string ResolverName(string? resolver, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return resolver == "system" ? t.Get("Resolver_System") : resolver ?? "?";
    }

    /// <summary>TCP connection outcomes in the reader's words ("connection refused, timed out"), for a verdict.</summary>
    public static string Outcomes(IEnumerable<TcpOutcome> outcomes, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return string.Join(", ", outcomes.Select(o => t.Get("Connect_" + o)));
    }

    /// <summary>An internal range by its name and CIDR ("private network 10.0.0.0/8"); a CIDR of no known range alone.</summary>
    internal static string Range(string cidr, TextCatalogue t) =>
        AddressRanges.KindOf(cidr) is { } kind ? t.Get("Range_" + kind) + " " + cidr : cidr;

    /// <summary>Why a redirect was not followed, from its facts (<see cref="FindingKind.RefusedRedirect"/>).</summary>
    private static string Redirect(RedirectRefusal why, FindingValues v, TextCatalogue t)
    {
        var key = "RedirectWhy_" + why;
        return why switch
        {
            RedirectRefusal.Credentials => t.Get(key),
            RedirectRefusal.Port => t.Format(key, Count(v.Port), Join(v.Names, ", ")),
            // The DNS outcome worded ("the name does not exist (NXDOMAIN)"); a refusal stored before it had the fact shows its code.
            RedirectRefusal.Unresolved => t.Format(key, First(v.Names), v.Failure is { } f ? FailureWords.Word(f, t) : v.Names is { Count: > 1 } n ? n[1] : "?"),
            RedirectRefusal.Address => t.Format(key, v.Address ?? "?", Range(First(v.Names), t)),
            _ => t.Format(key, First(v.Names)), // the scheme, the host
        };
    }

    /// <summary>Why a target is not a web address, from its facts (<see cref="FindingKind.TargetInvalid"/>).</summary>
    private static string Target(TargetProblem problem, FindingValues v, TextCatalogue t)
    {
        var key = "TargetWhy_" + problem;
        return problem switch
        {
            TargetProblem.TooLong => t.Format(key, t.Number(v.Count ?? 0)),
            TargetProblem.Scheme or TargetProblem.NotWebAddress or TargetProblem.Host => t.Format(key, First(v.Names)),
            _ => t.Get(key),
        };
    }

    private static string First(IReadOnlyList<string>? values) => values is { Count: > 0 } ? values[0] : "?";

    private static string Join(IReadOnlyList<string>? values, string separator) => values is { Count: > 0 } ? string.Join(separator, values) : "?";

    private static string Count(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "?";

    private static string Date(DateTimeOffset? at, TextCatalogue t) => at is { } day ? t.Date(day) : "?";
}
