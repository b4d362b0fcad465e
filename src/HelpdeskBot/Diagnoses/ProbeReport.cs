using System.Globalization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;
using Spectre.Console;

namespace HelpdeskBot.Diagnoses;

/// <summary>Renders a diagnosis as readable tables: verdict, DNS, TCP, TLS, HTTP attempts, findings.</summary>
internal static class ProbeReport
{
    /// <summary>The verdict's facts on one line for an operator: kind, status, hop, counts, DNS and connect outcomes, detail.</summary>
    public static string OperatorSummary(Diagnosis d)
    {
        var v = d.Verdict;
        var parts = new List<string> { $"{v.Kind} for {d.Target.Host}:{d.Target.Port.ToString(CultureInfo.InvariantCulture)}" };
        if (v.StatusCode is { } status)
        {
            parts.Add($"HTTP {status.ToString(CultureInfo.InvariantCulture)}" + (v.AnsweredBy is { } hop ? $" from {HopWords.Name(hop, DeskTexts.English.Catalogue)}: {HopWords.Meaning(hop, status, DeskTexts.English.Catalogue)}" : string.Empty));
        }

        if (v.TotalAttempts > 0)
        {
            parts.Add($"{v.FailedAttempts.ToString(CultureInfo.InvariantCulture)}/{v.TotalAttempts.ToString(CultureInfo.InvariantCulture)} attempts failed");
        }

        if (v.DnsOutcome is { } dns)
        {
            parts.Add($"every resolver: {WireNames.Of(dns)}");
        }

        if (v.ConnectOutcomes.Count > 0)
        {
            parts.Add($"connect: {string.Join(", ", v.ConnectOutcomes.Select(WireNames.Of))}");
        }

        if (v.ResolversDisagree)
        {
            parts.Add("resolvers disagree");
        }

        if (v.ProtocolSplit is { } split)
        {
            parts.Add($"{HopWords.Protocol(split.Failing)} fails ({split.FailingResult}), {HopWords.Protocol(split.Working)} works");
        }

        if (v.Detail is { } detail)
        {
            parts.Add(detail);
        }

        return string.Join("; ", parts);
    }

    public static void Write(IAnsiConsole console, Diagnosis d)
    {
        var v = d.Verdict;
        var colour = v.Kind switch { VerdictKind.Healthy => "green", VerdictKind.Refused => "yellow", _ => "red" };
        console.Write(new Rule($"[bold]{Markup.Escape(d.Target.Url.Length > 0 ? d.Target.Url : d.Target.Input)}[/]").LeftJustified());
        var verdict = new Grid().AddColumn().AddColumn();
        verdict.AddRow("[bold]Verdict[/]", $"[{colour} bold]{v.Kind}[/] ({v.Confidence.ToString("0%", CultureInfo.InvariantCulture)})");
        verdict.AddRow("Summary", Markup.Escape(OperatorSummary(d)));
        if (v.AnsweredBy is { } hop)
        {
            var source = hop.Source switch
            {
                HopSource.Catalogue => $"catalogue {hop.Id}",
                HopSource.Reported => $"named in the report, catalogue {hop.Id}",
                _ => $"self-identified via {hop.Id}",
            };
            verdict.AddRow("Answered by", Markup.Escape($"{HopWords.Name(hop, DeskTexts.English.Catalogue)} ({WireNames.Of(hop.Role)}, fault {WireNames.Of(hop.Fault)}, {source}) — {hop.Evidence}"));
        }

        if (v.Chain.Count > 1)
        {
            verdict.AddRow("Hops (site first)", Markup.Escape(string.Join(" → ", v.Chain.Select(h => h.Product))));
        }

        verdict.AddRow("Attempts", $"{v.FailedAttempts} of {v.TotalAttempts} failed");
        verdict.AddRow("Server-side fault", v.ServerSideFault ? "yes" : "no");
        if (v.Protocol is { } protocol)
        {
            verdict.AddRow("Protocol", Markup.Escape(HopWords.Protocol(protocol)));
        }
        verdict.AddRow("Took", Ms(d.Duration));
        console.Write(verdict);

        if (d.Dns is { Resolvers.Count: > 0 } dns)
        {
            var t = Table("DNS", "Resolver", "Outcome", "Addresses", "CNAME chain", "Time");
            foreach (var r in dns.Resolvers)
            {
                t.AddRow(E(r.Resolver), E(WireNames.Of(r.Outcome)), E(string.Join(" ", r.Addresses)), E(string.Join(" → ", r.CnameChain)), Ms(r.Elapsed));
            }

            console.Write(t);
        }

        if (d.Tcp.Count > 0)
        {
            var t = Table("TCP", "Address", "Port", "Outcome", "Time", "Error");
            foreach (var c in d.Tcp)
            {
                t.AddRow(E(c.Address), c.Port.ToString(CultureInfo.InvariantCulture), E(WireNames.Of(c.Outcome)), Ms(c.Elapsed), E(c.Error ?? string.Empty));
            }

            console.Write(t);
        }

        if (d.Tls is { } tls)
        {
            var t = Table("TLS", "Protocol", "Subject", "Issuer", "Expires in", "Problems");
            var problems = tls.ChainErrors.ToList();
            if (tls.NameMismatch)
            {
                problems.Add("name mismatch");
            }

            if (tls.Error is not null)
            {
                problems.Add(tls.Error);
            }

            t.AddRow(E(tls.Protocol is null ? "-" : HopWords.TlsVersion(tls.Protocol)), E(tls.Subject ?? "-"), E(tls.Issuer ?? "-"), tls.DaysToExpiry is { } days ? $"{days} d" : "-", E(problems.Count == 0 ? "none" : string.Join("; ", problems)));
            console.Write(t);
        }

        if (d.Http.Count > 0)
        {
            var t = Table("HTTP", "#", "Via", "Protocol", "Status", "Answered by", "Title / error", "Connect", "TLS", "TTFB", "Total");
            foreach (var a in d.Http)
            {
                t.AddRow(
                    a.ProtocolCheck ? "HTTP/1.1 check" : a.Attempt.ToString(CultureInfo.InvariantCulture),
                    E(a.Via),
                    E(a.Protocol is { } spoke ? HopWords.Protocol(spoke) : "-"),
                    a.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    E(a.AnsweredBy?.Product ?? "-"),
                    E(a.Error ?? a.Title ?? string.Empty),
                    Ms(a.Timings.Connect),
                    Ms(a.Timings.Tls),
                    Ms(a.Timings.TimeToFirstByte),
                    Ms(a.Timings.Total));
            }

            console.Write(t);
            // The last of the attempts, not the HTTP/1.1 check made beside them: its headers are those of another protocol.
            var attempts = d.Http.Where(a => !a.ProtocolCheck).ToList();
            var last = attempts.LastOrDefault(a => a.StatusCode is not null) ?? attempts.LastOrDefault() ?? d.Http[^1];
            var headers = last.HopHeaders;
            if (headers.Count > 0)
            {
                var h = Table("Hop headers (last attempt)", "Header", "Value");
                foreach (var (name, value) in headers)
                {
                    h.AddRow(E(name), E(value));
                }

                console.Write(h);
            }
        }

        if (d.Findings.Count > 0)
        {
            var t = Table("Findings", "Severity", "Code", "Message");
            foreach (var f in d.Findings)
            {
                t.AddRow(E(WireNames.Of(f.Severity)), E(f.Code), E(f.Message));
            }

            console.Write(t);
        }
    }

    private static Table Table(string title, params string[] columns)
    {
        var table = new Table { Title = new TableTitle(title), Border = TableBorder.Rounded };
        foreach (var c in columns)
        {
            table.AddColumn(c);
        }

        return table;
    }

    private static string E(string text) => Markup.Escape(text);

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
