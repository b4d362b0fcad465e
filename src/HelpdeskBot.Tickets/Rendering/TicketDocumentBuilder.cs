using System.Globalization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>Builds the one ticket body every provider renders: reporter, verdict, evidence, steps, routing.</summary>
internal static class TicketDocumentBuilder
{
    public static TicketDocument Build(EscalationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var blocks = new List<DocBlock>
        {
            new DocHeading(2, "What is wrong"),
            new DocParagraph(new DocText(VerdictInPlainWords(request))),
            new DocList(Facts(request)),
        };
        if (!string.IsNullOrWhiteSpace(request.ReportText))
        {
            blocks.Add(new DocParagraph(new DocText("The user wrote: ", Bold: true), new DocText(request.ReportText.Trim())));
        }

        if (request.Diagnosis is { } diagnosis)
        {
            blocks.AddRange(Evidence(diagnosis));
        }
        else
        {
            blocks.Add(new DocHeading(2, "Probe evidence"));
            blocks.Add(new DocParagraph(new DocText("No server-side probe result was available for this report.")));
        }

        blocks.Add(new DocHeading(2, "Steps tried"));
        if (request.Steps.Count == 0)
        {
            blocks.Add(new DocParagraph(new DocText("None: the bot escalated before asking the user to try anything.")));
        }
        else
        {
            blocks.Add(new DocTable(
                ["Step", "Answer", "At"],
                request.Steps.Select(s => (IReadOnlyList<string>)[s.Title, string.IsNullOrWhiteSpace(s.AnswerText) ? s.Answer : s.AnswerText, Time(s.At)]).ToList()));
        }

        blocks.Add(Correlation(request));
        return new TicketDocument(blocks);
    }

    /// <summary>The comment added to the open ticket when another user reports the same fault.</summary>
    public static TicketDocument AlsoAffected(EscalationRequest request, int affectedUsers)
    {
        ArgumentNullException.ThrowIfNull(request);
        var who = Who(request.Reporter);
        var items = new List<IReadOnlyList<DocInline>>
        {
            Fact("Reported", Time(request.RequestedAt)),
            Fact("Affected users so far", affectedUsers.ToString(CultureInfo.InvariantCulture)),
        };
        if (request.Platform is { Length: > 0 } platform)
        {
            items.Add(Fact("Platform", platform));
        }

        if (request.Diagnosis is { } d)
        {
            items.Add(Fact("Probe verdict", VerdictWords.ForHelpDesk(d)));
        }

        if (Link(request.Conversation.DeepLink) is { } link)
        {
            items.Add([new DocText("Teams conversation: ", Bold: true), new DocLink("open in Teams", link)]);
        }

        return new TicketDocument(
        [
            new DocParagraph(new DocText("also affected: ", Bold: true), new DocText(who)),
            new DocList(items),
            Correlation(request),
        ]);
    }

    /// <summary>The ids an agent searches the bot's logs and traces by: escalation, case and (when traced) trace id.</summary>
    private static DocParagraph Correlation(EscalationRequest request)
    {
        var inlines = new List<DocInline>
        {
            new DocText("Correlation id: "), new DocText(request.EscalationId, Code: true), new DocText(" (case "), new DocText(request.CaseId, Code: true), new DocText(")"),
        };
        if (Outbox.TicketsTelemetry.TraceIdOf(request.TraceParent) is { } traceId)
        {
            inlines.Add(new DocText(", trace id "));
            inlines.Add(new DocText(traceId, Code: true));
        }

        return new DocParagraph(inlines);
    }

    public static string ReasonInPlainWords(EscalationReason reason) => reason switch
    {
        EscalationReason.ServerSideFault => "The server-side probes show the fault is on the site's side, so the bot escalated at once.",
        EscalationReason.StepsExhausted => "The user tried every applicable step and it is still broken.",
        EscalationReason.UserRequested => "The user asked to escalate.",
        _ => reason.ToString(),
    };

    private static string VerdictInPlainWords(EscalationRequest request)
    {
        var verdict = request.Diagnosis?.Verdict;
        var text = request.Diagnosis is { } d ? VerdictWords.ForHelpDesk(d) : $"{request.ProblemTitle} on {request.Target}.";
        return $"{text} {ReasonInPlainWords(request.Reason)}";
    }

    private static List<IReadOnlyList<DocInline>> Facts(EscalationRequest r)
    {
        var facts = new List<IReadOnlyList<DocInline>>
        {
            Fact("Target", r.Diagnosis?.Target.Url ?? r.Target),
            Fact("Reported by", Who(r.Reporter)),
        };
        if (r.Reporter.AadObjectId is { Length: > 0 } oid)
        {
            facts.Add(Fact("Entra object id", oid));
        }

        if ((r.Reporter.TenantId ?? r.Conversation.TenantId) is { Length: > 0 } tenant)
        {
            facts.Add(Fact("Tenant", tenant));
        }

        facts.Add(Fact("Started", Time(r.StartedAt)));
        facts.Add(Fact("Escalated", Time(r.RequestedAt)));
        facts.Add(Fact("Urgency / impact", $"{r.Urgency} / {r.Impact}"));
        AddIf(facts, "Category", r.Route.Category);
        AddIf(facts, "Service", r.Route.ServiceName);
        AddIf(facts, "Owning team", r.Route.OwningTeam);
        AddIf(facts, "Assignment group", r.Route.AssignmentGroup);
        AddIf(facts, "Platform", r.Platform);
        if (Link(r.Conversation.DeepLink) is { } link)
        {
            facts.Add([new DocText("Teams conversation: ", Bold: true), new DocLink("open in Teams", link)]);
        }

        return facts;
    }

    private static IEnumerable<DocBlock> Evidence(Diagnosis d)
    {
        yield return new DocHeading(2, "Probe evidence");
        var v = d.Verdict;
        var summary = new List<DocInline>
        {
            new DocText("Verdict: ", Bold: true),
            new DocText($"{v.Kind} ({v.Confidence.ToString("P0", CultureInfo.InvariantCulture)} confidence). {v.FailedAttempts} of {v.TotalAttempts} HTTP attempts failed."),
        };
        if (v.AnsweredBy is { } hop)
        {
            var known = hop.Source switch
            {
                HopSource.Catalogue => string.Empty,
                HopSource.Reported => ", named by the user's report; our probes' answers did not identify it",
                _ => ", not in the fingerprint catalogue",
            };
            summary.Add(new DocText($" Answered by {HopWords.Name(hop)} ({WireNames.Of(hop.Role)}{known}): {HopWords.Meaning(hop, v.StatusCode)} [{hop.Evidence}]"));
        }

        if (v.Chain.Count > 1)
        {
            summary.Add(new DocText($" Hops, nearest the site first: {string.Join(" → ", v.Chain.Select(h => $"{h.Product} [{h.Evidence}]"))}."));
        }

        if (v.Protocol is { } protocol)
        {
            summary.Add(new DocText($" Protocol: {HopWords.Protocol(protocol)}."));
        }

        yield return new DocParagraph(summary);
        yield return new DocParagraph(new DocText($"Probed at {Time(d.StartedAt)} for {Ms(d.Duration)}; {d.Target.Scheme}://{d.Target.Host}:{d.Target.Port}."));

        if (d.Dns is { } dns)
        {
            yield return new DocHeading(3, dns.Disagree ? "DNS (resolvers disagree)" : "DNS");
            yield return new DocTable(
                ["Resolver", "Outcome", "Addresses", "CNAME chain", "Time"],
                dns.Resolvers.Select(a => (IReadOnlyList<string>)[a.Resolver, a.Error is null ? WireNames.Of(a.Outcome) : $"{WireNames.Of(a.Outcome)}: {a.Error}", Join(a.Addresses), Join(a.CnameChain), Ms(a.Elapsed)]).ToList());
        }

        if (d.Tcp.Count > 0)
        {
            yield return new DocHeading(3, "TCP");
            yield return new DocTable(
                ["Address", "Port", "Outcome", "Time"],
                d.Tcp.Select(t => (IReadOnlyList<string>)[t.Address, t.Port.ToString(CultureInfo.InvariantCulture), t.Error is null ? WireNames.Of(t.Outcome) : $"{WireNames.Of(t.Outcome)}: {t.Error}", Ms(t.Elapsed)]).ToList());
        }

        if (d.Tls is { } tls)
        {
            yield return new DocHeading(3, "TLS");
            var items = new List<IReadOnlyList<DocInline>>
            {
                Fact("Handshake", tls.Succeeded ? $"ok ({tls.Protocol}, {Ms(tls.Elapsed)})" : $"failed: {tls.Error}"),
            };
            AddIf(items, "Subject", tls.Subject);
            AddIf(items, "Issuer", tls.Issuer);
            if (tls.NotAfter is { } notAfter)
            {
                items.Add(Fact("Expires", $"{Time(notAfter)} ({tls.DaysToExpiry?.ToString(CultureInfo.InvariantCulture) ?? "?"} days)"));
            }

            if (tls.NameMismatch)
            {
                items.Add(Fact("Name mismatch", "the certificate does not cover the host"));
            }

            if (tls.ChainErrors.Count > 0)
            {
                items.Add(Fact("Chain errors", Join(tls.ChainErrors)));
            }

            yield return new DocList(items);
        }

        if (d.Http.Count > 0)
        {
            yield return new DocHeading(3, "HTTP attempts");
            yield return new DocTable(
                ["#", "Via", "Result", "Answered by", "DNS", "Connect", "TLS", "First byte", "Total", "Hop headers"],
                d.Http.Select(h => (IReadOnlyList<string>)
                [
                    h.Attempt.ToString(CultureInfo.InvariantCulture),
                    h.Via,
                    h.StatusCode is int s ? s.ToString(CultureInfo.InvariantCulture) + (h.Title is { Length: > 0 } title ? $" ({title})" : string.Empty) : h.Error ?? "no answer",
                    h.AnsweredBy is { } by ? $"{by.Product} ({WireNames.Of(by.Role)})" : "-",
                    Ms(h.Timings.Dns), Ms(h.Timings.Connect), Ms(h.Timings.Tls), Ms(h.Timings.TimeToFirstByte), Ms(h.Timings.Total),
                    HopHeaders(h.HopHeaders),
                ]).ToList());
        }

        if (d.Proxy is { } proxy)
        {
            yield return new DocParagraph(new DocText("Direct vs proxy: ", Bold: true), new DocText($"direct {proxy.DirectFailed}/{proxy.DirectTotal} failed, proxy {proxy.ProxyFailed}/{proxy.ProxyTotal} failed. {proxy.Conclusion}"));
        }

        if (d.Control is { } control)
        {
            yield return new DocParagraph(new DocText("Control probes: ", Bold: true), new DocText($"{control.Reachable} of {control.Total} reachable" + (control.Failed.Count > 0 ? $" (failed: {Join(control.Failed)})" : string.Empty) + "."));
        }

        if (d.Findings.Count > 0)
        {
            yield return new DocHeading(3, "Findings");
            yield return new DocList(d.Findings.Select(f => (IReadOnlyList<DocInline>)[new DocText($"{WireNames.Of(f.Severity)} ", Bold: true), new DocText(f.Code, Code: true), new DocText($" {f.Message}")]).ToList());
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

    private static IReadOnlyList<DocInline> Fact(string name, string value) => [new DocText(name + ": ", Bold: true), new DocText(value)];

    private static void AddIf(List<IReadOnlyList<DocInline>> list, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            list.Add(Fact(name, value));
        }
    }

    private static Uri? Link(string? url)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == "msteams") ? uri : null;

    private static string Join(IReadOnlyList<string> values) => values.Count == 0 ? "-" : string.Join(", ", values);

    internal static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms";
}
