using System.Globalization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>
/// Builds the one ticket body every provider renders (reporter, verdict, evidence, steps, routing), in the help desk's
/// language (<c>Tickets:Language</c>); the user's own words are quoted as written, with their language named.
/// </summary>
internal static class TicketDocumentBuilder
{
    public static TicketDocument Build(EscalationRequest request, DeskTexts t)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(t);
        var blocks = new List<DocBlock>
        {
            new DocHeading(2, t.TicketWhatIsWrong),
            new DocParagraph(new DocText(VerdictInPlainWords(request, t))),
            new DocList(Facts(request, t)),
        };
        if (!string.IsNullOrWhiteSpace(request.ReportText))
        {
            blocks.Add(new DocParagraph(new DocText(UserWrote(request, t), Bold: true), new DocText(request.ReportText.Trim())));
        }

        if (request.Diagnosis is { } diagnosis)
        {
            blocks.AddRange(Evidence(diagnosis, t));
        }
        else
        {
            blocks.Add(new DocHeading(2, t.TicketProbeEvidence));
            blocks.Add(new DocParagraph(new DocText(t.TicketNoProbeResult)));
        }

        blocks.Add(new DocHeading(2, t.TicketStepsTried));
        if (request.Steps.Count == 0)
        {
            blocks.Add(new DocParagraph(new DocText(t.TicketNoSteps)));
        }
        else
        {
            blocks.Add(new DocTable(
                [t.TicketStep, t.TicketAnswer, t.TicketAt],
                request.Steps.Select(s => (IReadOnlyList<string>)[s.Title, string.IsNullOrWhiteSpace(s.AnswerText) ? s.Answer : s.AnswerText, Time(s.At)]).ToList()));
        }

        blocks.Add(Correlation(request, t));
        return new TicketDocument(blocks);
    }

    /// <summary>"The user wrote (in German): " — the language is named when the escalation carries it (rows stored before did not).</summary>
    public static string UserWrote(EscalationRequest request, DeskTexts t)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(t);
        return request.Language is { Length: > 0 } language && t.LanguageName(language) is { } name ? t.TicketUserWroteIn(name) : t.TicketUserWrote;
    }

    /// <summary>The comment added to the open ticket when another user reports the same fault.</summary>
    public static TicketDocument AlsoAffected(EscalationRequest request, int affectedUsers, DeskTexts t)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(t);
        var who = Who(request.Reporter);
        var items = new List<IReadOnlyList<DocInline>>
        {
            Fact(t.TicketReported, Time(request.RequestedAt), t),
            Fact(t.TicketAffectedSoFar, t.Number(affectedUsers), t),
        };
        if (request.Platform is { Length: > 0 } platform)
        {
            items.Add(Fact(t.TicketPlatform, platform, t));
        }

        if (request.Diagnosis is { } d)
        {
            items.Add(Fact(t.TicketProbeVerdict, VerdictWords.ForHelpDesk(d, t), t));
        }

        if (!string.IsNullOrWhiteSpace(request.ReportText))
        {
            items.Add([new DocText(UserWrote(request, t), Bold: true), new DocText(request.ReportText.Trim())]);
        }

        if (Link(request.Conversation.DeepLink) is { } link)
        {
            items.Add([new DocText(t.Label(t.TicketTeamsConversation), Bold: true), new DocLink(t.TicketOpenInTeams, link)]);
        }

        return new TicketDocument(
        [
            new DocParagraph(new DocText(t.Label(t.TicketAlsoAffected), Bold: true), new DocText(who)),
            new DocList(items),
            Correlation(request, t),
        ]);
    }

    /// <summary>The ids an agent searches the bot's logs and traces by: escalation, case and (when traced) trace id.</summary>
    private static DocParagraph Correlation(EscalationRequest request, DeskTexts t)
    {
        var inlines = new List<DocInline>
        {
            new DocText(t.Label(t.TicketCorrelationId)), new DocText(request.EscalationId, Code: true), new DocText($" ({t.TicketCase} "), new DocText(request.CaseId, Code: true), new DocText(")"),
        };
        if (Outbox.TicketsTelemetry.TraceIdOf(request.TraceParent) is { } traceId)
        {
            inlines.Add(new DocText($", {t.TicketTraceId} "));
            inlines.Add(new DocText(traceId, Code: true));
        }

        return new DocParagraph(inlines);
    }

    public static string ReasonInPlainWords(EscalationReason reason, DeskTexts t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return reason switch
        {
            EscalationReason.ServerSideFault => t.ReasonServerSideFault,
            EscalationReason.StepsExhausted => t.ReasonStepsExhausted,
            EscalationReason.UserRequested => t.ReasonUserRequested,
            _ => reason.ToString(),
        };
    }

    private static string VerdictInPlainWords(EscalationRequest request, DeskTexts t)
    {
        var text = request.Diagnosis is { } d ? VerdictWords.ForHelpDesk(d, t) : t.TicketNotProbed(ReportTarget.Shown(TargetKey.HostOf(request), t.TargetEverySite));
        return $"{text} {ReasonInPlainWords(request.Reason, t)}";
    }

    private static List<IReadOnlyList<DocInline>> Facts(EscalationRequest r, DeskTexts t)
    {
        var facts = new List<IReadOnlyList<DocInline>>
        {
            Fact(t.TicketTarget, r.Diagnosis?.Target.Url ?? ReportTarget.Shown(r.Target, t.TargetEverySite), t),
            Fact(t.TicketReportedBy, Who(r.Reporter), t),
        };
        if (r.Reporter.AadObjectId is { Length: > 0 } oid)
        {
            facts.Add(Fact(t.TicketEntraObjectId, oid, t));
        }

        if ((r.Reporter.TenantId ?? r.Conversation.TenantId) is { Length: > 0 } tenant)
        {
            facts.Add(Fact(t.TicketTenant, tenant, t));
        }

        if (r.Language is { Length: > 0 } language && t.LanguageName(language) is { } name)
        {
            facts.Add(Fact(t.TicketUserLanguage, name, t));
        }

        facts.Add(Fact(t.TicketStarted, Time(r.StartedAt), t));
        facts.Add(Fact(t.TicketEscalated, Time(r.RequestedAt), t));
        // high/medium/low in the help desk's words, as its pages show them; another word as configured.
        facts.Add(Fact(t.TicketUrgencyImpact, $"{t.PageUrgency(r.Urgency)} / {t.PageUrgency(r.Impact)}", t));
        AddIf(facts, t.TicketCategory, r.Route.Category, t);
        AddIf(facts, t.TicketService, r.Route.ServiceName, t);
        AddIf(facts, t.TicketOwningTeam, r.Route.OwningTeam, t);
        AddIf(facts, t.TicketAssignmentGroup, r.Route.AssignmentGroup, t);
        AddIf(facts, t.TicketPlatform, r.Platform, t);
        if (Link(r.Conversation.DeepLink) is { } link)
        {
            facts.Add([new DocText(t.Label(t.TicketTeamsConversation), Bold: true), new DocLink(t.TicketOpenInTeams, link)]);
        }

        return facts;
    }

    private static IEnumerable<DocBlock> Evidence(Diagnosis d, DeskTexts t)
    {
        yield return new DocHeading(2, t.TicketProbeEvidence);
        var v = d.Verdict;
        var summary = new List<DocInline>
        {
            new DocText(t.Label(t.TicketVerdict), Bold: true),
            new DocText(t.TicketVerdictSummary(t.VerdictName(v.Kind), t.Percent(v.Confidence), t.Number(v.FailedAttempts), t.Number(v.TotalAttempts))),
        };
        if (v.AnsweredBy is { } hop)
        {
            var role = HopWords.Role(hop.Role, t.Catalogue);
            var known = hop.Source switch
            {
                HopSource.Catalogue => role,
                HopSource.Reported => t.TicketHopNamedByReport(role),
                _ => t.TicketHopNotInCatalogue(role),
            };
            summary.Add(new DocText(" " + t.TicketAnsweredBy(HopWords.Name(hop, t.Catalogue), known, HopWords.Meaning(hop, v.StatusCode, t.Catalogue), HopWords.Evidence(hop, t.Catalogue))));
        }

        if (v.Chain.Count > 1)
        {
            summary.Add(new DocText(" " + t.TicketHops(string.Join(" → ", v.Chain.Select(h => $"{h.Product} [{HopWords.Evidence(h, t.Catalogue)}]")))));
        }

        if (v.Protocol is { } protocol)
        {
            summary.Add(new DocText(" " + t.TicketProtocol(HopWords.Protocol(protocol))));
        }

        yield return new DocParagraph(summary);
        yield return new DocParagraph(new DocText(t.TicketProbedAt(Time(d.StartedAt), Ms(d.Duration, t), $"{d.Target.Scheme}://{d.Target.Host}:{d.Target.Port.ToString(CultureInfo.InvariantCulture)}")));

        if (d.Dns is { } dns)
        {
            yield return new DocHeading(3, dns.Disagree ? t.TicketDnsDisagree : "DNS");
            yield return new DocTable(
                [t.TicketResolver, t.TicketOutcome, t.TicketAddresses, t.TicketCnameChain, t.TicketTime],
                dns.Resolvers.Select(a => (IReadOnlyList<string>)[FindingWords.ResolverName(a.Resolver, t.Catalogue), a.Outcome == ResolverOutcome.Ok ? t.Catalogue.Get("Resolver_Ok") : a.Failure is { } f ? FailureWords.Word(f, t.Catalogue) : a.Error is null ? WireNames.Of(a.Outcome) : $"{WireNames.Of(a.Outcome)}: {a.Error}", Join(a.Addresses), Join(a.CnameChain), Ms(a.Elapsed, t)]).ToList());
        }

        if (d.Tcp.Count > 0)
        {
            yield return new DocHeading(3, "TCP");
            yield return new DocTable(
                [t.TicketAddress, t.TicketPort, t.TicketOutcome, t.TicketTime],
                d.Tcp.Select(c => (IReadOnlyList<string>)[c.Address, c.Port.ToString(CultureInfo.InvariantCulture), FailureWords.Connect(c, t.Catalogue), Ms(c.Elapsed, t)]).ToList());
        }

        if (d.Tls is { } tls)
        {
            yield return new DocHeading(3, "TLS");
            var items = new List<IReadOnlyList<DocInline>>
            {
                Fact(t.TicketHandshake, tls.Succeeded ? t.TicketHandshakeOk(HopWords.TlsVersion(tls.Protocol), Ms(tls.Elapsed, t)) : t.TicketHandshakeFailed(FailureWords.Word(tls.Failure, tls.Error, t.Catalogue)), t),
            };
            AddIf(items, t.TicketSubject, tls.Subject, t);
            AddIf(items, t.TicketIssuer, tls.Issuer, t);
            if (tls.NotAfter is { } notAfter)
            {
                items.Add(Fact(t.TicketExpires, $"{Time(notAfter)} ({(tls.DaysToExpiry is { } days ? t.Days(days) : "?")})", t));
            }

            if (tls.NameMismatch)
            {
                items.Add(Fact(t.TicketNameMismatch, t.TicketNameMismatchMeaning, t));
            }

            if (tls.ChainErrors.Count > 0)
            {
                items.Add(Fact(t.TicketChainErrors, FailureWords.Chain(tls, t.Catalogue), t));
            }

            yield return new DocList(items);
        }

        if (d.Http.Count > 0)
        {
            yield return new DocHeading(3, t.TicketHttpAttempts);
            yield return new DocTable(
                ["#", t.TicketVia, t.TicketProtocolColumn, t.TicketResult, t.TicketAnsweredByColumn, "DNS", t.TicketConnect, "TLS", t.TicketFirstByte, t.TicketTotal, t.TicketHopHeaders],
                d.Http.Select(h => (IReadOnlyList<string>)
                [
                    h.ProtocolCheck ? t.TicketProtocolCheck : h.Attempt.ToString(CultureInfo.InvariantCulture),
                    HopWords.Via(h.Via, t.Catalogue),
                    h.Protocol is { } protocol ? HopWords.Protocol(protocol) : "-",
                    h.StatusCode is int s ? s.ToString(CultureInfo.InvariantCulture) + (h.Title is { Length: > 0 } title ? $" ({title})" : string.Empty) : FailureWords.Word(h.Failure, h.Error, t.Catalogue, t.NoAnswer),
                    h.AnsweredBy is { } by ? HopWords.Producer(by.Product, by.Role, t.Catalogue) : "-",
                    Ms(h.Timings.Dns, t), Ms(h.Timings.Connect, t), Ms(h.Timings.Tls, t), Ms(h.Timings.TimeToFirstByte, t), Ms(h.Timings.Total, t),
                    HopHeaders(h.HopHeaders),
                ]).ToList());
        }

        if (d.Proxy is { } proxy)
        {
            yield return new DocParagraph(
                new DocText(t.Label(t.TicketDirectVsProxy), Bold: true),
                new DocText(t.TicketDirectVsProxyCounts(t.Number(proxy.DirectFailed), t.Number(proxy.DirectTotal), t.Number(proxy.ProxyFailed), t.Number(proxy.ProxyTotal))));
        }

        if (d.Control is { } control)
        {
            yield return new DocParagraph(
                new DocText(t.Label(t.TicketControlProbes), Bold: true),
                new DocText(control.Failed.Count > 0
                    ? t.TicketControlReachableFailed(t.Number(control.Reachable), t.Number(control.Total), Join(control.Failed))
                    : t.TicketControlReachable(t.Number(control.Reachable), t.Number(control.Total))));
        }

        if (d.Findings.Count > 0)
        {
            yield return new DocHeading(3, t.TicketFindings);
            yield return new DocList(d.Findings.Select(f => (IReadOnlyList<DocInline>)[new DocText(t.Severity(f.Severity) + " ", Bold: true), new DocText(f.Code, Code: true), new DocText(" " + FindingWords.ForHelpDesk(f, t))]).ToList());
        }
    }

    /// <summary>Hop headers identify the answering server; anything credential-like is left out.</summary>
    private static string HopHeaders(IReadOnlyDictionary<string, string> headers)
    {
        var safe = headers
            .Where(h => !h.Key.Contains("cookie", StringComparison.OrdinalIgnoreCase)
                        && !h.Key.Contains("authorization", StringComparison.OrdinalIgnoreCase)
                        && !h.Key.Contains("token", StringComparison.OrdinalIgnoreCase))
            .Select(h => $"{h.Key}: {h.Value}");
        var text = string.Join("; ", safe);
        return text.Length == 0 ? "-" : text;
    }

    private static string Who(Reporter reporter)
        => reporter.Email is { Length: > 0 } email ? $"{reporter.Name} <{email}>" : reporter.Name;

    private static IReadOnlyList<DocInline> Fact(string name, string value, DeskTexts t) => [new DocText(t.Label(name), Bold: true), new DocText(value)];

    private static void AddIf(List<IReadOnlyList<DocInline>> list, string name, string? value, DeskTexts t)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            list.Add(Fact(name, value, t));
        }
    }

    private static Uri? Link(string? url)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == "msteams") ? uri : null;

    private static string Join(IReadOnlyList<string> values) => values.Count == 0 ? "-" : string.Join(", ", values);

    internal static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan elapsed, DeskTexts t) => $"{t.Number((long)Math.Round(elapsed.TotalMilliseconds))} ms";
}
