using System.Globalization;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.Conversations.Cards;

/// <summary>The diagnosis in plain words, with the raw evidence collapsed behind "Show evidence".</summary>
internal static class EvidenceSection
{
    public const string EvidenceId = "evidence";

    public static IEnumerable<CardElement> Build(Diagnosis d, string target) => Build(d, target, UserTexts.English);

    /// <param name="asReported">
    /// The diagnosis is history (the case is fixed since): a neutral "what our servers saw" instead of a verdict in
    /// the present tense and the colour of an open problem.
    /// </param>
    public static IEnumerable<CardElement> Build(Diagnosis d, string target, UserTexts t, bool asReported = false)
    {
        var v = d.Verdict;
        var said = VerdictText.ForUser(d, t);
        var style = asReported ? ContainerStyle.Emphasis : v.Kind == VerdictKind.Healthy ? ContainerStyle.Good : v.ServerSideFault ? ContainerStyle.Attention : ContainerStyle.Warning;
        var headline = asReported ? t.EvidenceAsReported : v.Kind switch
        {
            VerdictKind.Healthy => t.EvidenceHealthy(target),
            VerdictKind.Refused => t.EvidenceRefused(target),
            _ when v.ServerSideFault => t.EvidenceNotYou,
            _ => t.EvidenceSeen(target),
        };
        var items = new List<CardElement>
        {
            new TextBlock(CardText.Literal(headline)) { Weight = TextWeight.Bolder, Size = TextSize.Medium },
            new TextBlock(CardText.Literal(said, 500)) { Spacing = Spacing.Small },
        };
        if (v.TotalAttempts > 0)
        {
            var status = v.StatusCode is { } code ? $"HTTP {code.ToString(CultureInfo.InvariantCulture)}" : t.NoHttpAnswer;
            var line = v.Kind == VerdictKind.Healthy
                ? t.RequestsSucceeded(t.Number(v.TotalAttempts - v.FailedAttempts), t.Number(v.TotalAttempts), status)
                : t.RequestsFailed(t.Number(v.FailedAttempts), t.Number(v.TotalAttempts), status);
            // When: after "Check again", or for a run shared with an earlier report, the time is what tells them apart.
            items.Add(new TextBlock($"{line} {t.CheckedAt(CardText.LocalDateTime(d.StartedAt))}") { IsSubtle = true, Spacing = Spacing.Small });
        }

        // A refusal stored before refusals had kinds: its English reason, unless the verdict already said it.
        if (v.Kind == VerdictKind.Refused && d.Findings.Count > 0 && d.Findings[0] is { Kind: null } why && !said.Contains(why.Message, StringComparison.Ordinal))
        {
            items.Add(new TextBlock(CardText.Literal(why.Message, 300)) { IsSubtle = true, Spacing = Spacing.Small });
        }

        yield return new Container(items) { Style = style, Spacing = Spacing.Medium };
        yield return new ActionSet([new ActionToggleVisibility([EvidenceId]) { Title = t.ShowEvidence }]) { Spacing = Spacing.Small };
        yield return new Container(Evidence(d, t).ToList()) { Id = EvidenceId, IsVisible = false, Style = ContainerStyle.Emphasis };
    }

    private static IEnumerable<CardElement> Evidence(Diagnosis d, UserTexts t)
    {
        var v = d.Verdict;
        var facts = new List<Fact>
        {
            new(t.EvidenceTarget, CardText.Literal(d.Target.Url)),
            // In the reader's time zone and date format, like every other time on the user's cards.
            new(t.EvidenceChecked, $"{CardText.LocalDateTime(d.StartedAt)}, {Ms(d.Duration, t)}"),
            new(t.EvidenceVerdict, t.EvidenceConfidence(t.VerdictName(v.Kind), v.Confidence.ToString("0.00", CultureInfo.InvariantCulture).Replace(".", t.NumberDecimalSeparator, StringComparison.Ordinal))),
        };
        if (v.AnsweredBy is { } hop)
        {
            facts.Add(new Fact(t.EvidenceAnsweredBy, CardText.Literal($"{HopWords.Name(hop, t.Catalogue)} — {HopWords.Evidence(hop, t.Catalogue)}")));
        }

        if (v.Chain.Count > 1)
        {
            facts.Add(new Fact(t.EvidenceHops, CardText.Literal(string.Join(" → ", v.Chain.Select(h => h.Product)), 300)));
        }

        if (v.Protocol is { } protocol)
        {
            facts.Add(new Fact(t.EvidenceProtocol, HopWords.Protocol(protocol)));
        }

        yield return new FactSet(facts);

        if (d.Dns is { } dns && dns.Resolvers.Count > 0)
        {
            yield return Heading("DNS");
            yield return new FactSet(dns.Resolvers.Select(r => new Fact(
                CardText.Literal(FindingWords.ResolverName(r.Resolver, t.Catalogue), 60),
                CardText.Literal(r.Outcome == ResolverOutcome.Ok ? string.Join(", ", r.Addresses.Take(4)) + $" ({Ms(r.Elapsed, t)})" : FailureWords.Resolver(r, t.Catalogue)))).ToList());
        }

        if (d.Tcp.Count > 0)
        {
            yield return Heading(t.EvidenceConnection);
            // How a connect failed, worded as the ticket words it ("connection refused: nothing listens on that port");
            // a connect that worked, or one stored before failures had kinds, by its outcome alone.
            yield return new FactSet(d.Tcp.Take(4).Select(c => new Fact(
                CardText.Literal($"{c.Address}:{c.Port}", 60),
                CardText.Literal($"{(c.Failure is { } f ? FailureWords.Word(f, t.Catalogue) : t.Catalogue.Get("Connect_" + c.Outcome))} ({Ms(c.Elapsed, t)})"))).ToList());
        }

        if (d.Tls is { } tls)
        {
            yield return Heading("TLS");
            yield return new FactSet(
            [
                new Fact(t.EvidenceHandshake, tls.Succeeded ? $"{HopWords.TlsVersion(tls.Protocol)} ({Ms(tls.Elapsed, t)})" : CardText.Literal(FailureWords.Word(tls.Failure, tls.Error, t.Catalogue, t.EvidenceFailed))),
                new Fact(t.EvidenceCertificate, CardText.Literal(t.EvidenceExpires(tls.Subject ?? string.Empty, tls.NotAfter is { } expires ? t.Catalogue.Date(expires) : "?") + (tls.NameMismatch ? t.EvidenceNameMismatch : string.Empty))),
            ]);
        }

        if (d.Http.Count > 0)
        {
            yield return Heading(t.EvidenceHttpRequests);
            // The HTTP/1.1 check is named as such, not as attempt N + 1 beside a verdict counting N.
            yield return new FactSet(d.Http.Take(10).Select(h => new Fact(
                h.ProtocolCheck ? t.EvidenceProtocolCheck : $"#{h.Attempt} {HopWords.Via(h.Via, t.Catalogue)}",
                CardText.Literal(t.EvidenceAttempt(h.StatusCode is { } s ? s.ToString(CultureInfo.InvariantCulture) : FailureWords.Word(h.Failure, h.Error, t.Catalogue, t.NoAnswer), Ms(h.Timings.Total, t))
                    + (h.AnsweredBy is { } a ? t.VerdictFromHop(a.Product) : string.Empty)))).ToList());
        }

        foreach (var f in d.Findings.Take(5))
        {
            yield return new TextBlock("• " + CardText.Literal(FindingWords.Word(f, t.Catalogue), 300)) { IsSubtle = true, Spacing = Spacing.Small };
        }
    }

    private static string Ms(TimeSpan elapsed, UserTexts t) => $"{t.Number((long)Math.Round(elapsed.TotalMilliseconds))} ms";

    private static TextBlock Heading(string text) => new(text) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium };
}
