using System.Globalization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.Conversations.Cards;

/// <summary>The diagnosis in plain words, with the raw evidence collapsed behind "Show evidence".</summary>
internal static class EvidenceSection
{
    public const string EvidenceId = "evidence";

    /// <param name="asReported">
    /// The diagnosis is history (the case is fixed since): a neutral "what our servers saw" instead of a verdict in
    /// the present tense and the colour of an open problem.
    /// </param>
    public static IEnumerable<CardElement> Build(Diagnosis d, string target, bool asReported = false)
    {
        var v = d.Verdict;
        var said = VerdictText.ForUser(d);
        var style = asReported ? ContainerStyle.Emphasis : v.Kind == VerdictKind.Healthy ? ContainerStyle.Good : v.ServerSideFault ? ContainerStyle.Attention : ContainerStyle.Warning;
        var headline = asReported ? "What our servers saw when you reported it" : v.Kind switch
        {
            VerdictKind.Healthy => $"{target} works from our servers",
            VerdictKind.Refused => $"I can't check {target} from here",
            _ when v.ServerSideFault => "It's not you",
            _ => $"What our servers see on {target}",
        };
        var items = new List<CardElement>
        {
            new TextBlock(CardText.Literal(headline)) { Weight = TextWeight.Bolder, Size = TextSize.Medium },
            new TextBlock(CardText.Literal(said, 500)) { Spacing = Spacing.Small },
        };
        if (v.TotalAttempts > 0)
        {
            var status = v.StatusCode is { } code ? $"HTTP {code.ToString(CultureInfo.InvariantCulture)}" : "no HTTP answer";
            var line = v.Kind == VerdictKind.Healthy
                ? $"{v.TotalAttempts - v.FailedAttempts} of {v.TotalAttempts} requests from our servers succeeded ({status})."
                : $"{v.FailedAttempts} of {v.TotalAttempts} requests from our servers failed ({status}).";
            // When: after "Check again", or for a run shared with an earlier report, the time is what tells them apart.
            items.Add(new TextBlock($"{line} Checked {CardText.LocalDateTime(d.StartedAt)}.") { IsSubtle = true, Spacing = Spacing.Small });
        }

        if (v.Kind == VerdictKind.Refused && d.Findings.Count > 0 && d.Findings[0] is { } why && why.Message != said)
        {
            items.Add(new TextBlock(CardText.Literal(why.Message, 300)) { IsSubtle = true, Spacing = Spacing.Small });
        }

        yield return new Container(items) { Style = style, Spacing = Spacing.Medium };
        yield return new ActionSet([new ActionToggleVisibility([EvidenceId]) { Title = "Show evidence" }]) { Spacing = Spacing.Small };
        yield return new Container(Evidence(d).ToList()) { Id = EvidenceId, IsVisible = false, Style = ContainerStyle.Emphasis };
    }

    private static IEnumerable<CardElement> Evidence(Diagnosis d)
    {
        var v = d.Verdict;
        var facts = new List<Fact>
        {
            new("Target", CardText.Literal(d.Target.Url)),
            new("Checked", $"{d.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC, {CardText.Ms(d.Duration)}"),
            new("Verdict", $"{v.Kind} (confidence {v.Confidence.ToString("0.00", CultureInfo.InvariantCulture)})"),
        };
        if (v.AnsweredBy is { } hop)
        {
            facts.Add(new Fact("Answered by", CardText.Literal($"{HopWords.Name(hop)} — {hop.Evidence}")));
        }

        if (v.Chain.Count > 1)
        {
            facts.Add(new Fact("Hops", CardText.Literal(string.Join(" → ", v.Chain.Select(h => h.Product)), 300)));
        }

        if (v.Protocol is { } protocol)
        {
            facts.Add(new Fact("Protocol", HopWords.Protocol(protocol)));
        }

        yield return new FactSet(facts);

        if (d.Dns is { } dns && dns.Resolvers.Count > 0)
        {
            yield return Heading("DNS");
            yield return new FactSet(dns.Resolvers.Select(r => new Fact(
                CardText.Literal(r.Resolver, 60),
                CardText.Literal(r.Outcome == ResolverOutcome.Ok ? string.Join(", ", r.Addresses.Take(4)) + $" ({CardText.Ms(r.Elapsed)})" : $"{WireNames.Of(r.Outcome)} {r.Error}".Trim()))).ToList());
        }

        if (d.Tcp.Count > 0)
        {
            yield return Heading("Connection");
            yield return new FactSet(d.Tcp.Take(4).Select(t => new Fact(CardText.Literal($"{t.Address}:{t.Port}", 60), $"{WireNames.Of(t.Outcome)} ({CardText.Ms(t.Elapsed)})")).ToList());
        }

        if (d.Tls is { } tls)
        {
            yield return Heading("TLS");
            yield return new FactSet(
            [
                new Fact("Handshake", tls.Succeeded ? $"{tls.Protocol} ({CardText.Ms(tls.Elapsed)})" : CardText.Literal(tls.Error ?? "failed")),
                new Fact("Certificate", CardText.Literal($"{tls.Subject} — expires {tls.NotAfter?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?"}{(tls.NameMismatch ? " — name mismatch" : string.Empty)}")),
            ]);
        }

        if (d.Http.Count > 0)
        {
            yield return Heading("HTTP requests");
            yield return new FactSet(d.Http.Take(10).Select(h => new Fact(
                $"#{h.Attempt} {h.Via}",
                CardText.Literal((h.StatusCode is { } s ? s.ToString(CultureInfo.InvariantCulture) : h.Error ?? "no answer")
                    + $" in {CardText.Ms(h.Timings.Total)}" + (h.AnsweredBy is { } a ? $" from {a.Product}" : string.Empty)))).ToList());
        }

        foreach (var f in d.Findings.Take(5))
        {
            yield return new TextBlock("• " + CardText.Literal(f.Message, 300)) { IsSubtle = true, Spacing = Spacing.Small };
        }
    }

    private static TextBlock Heading(string text) => new(text) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium };
}
