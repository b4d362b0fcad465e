using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>
/// Probes' own instruments and span source. Every HelpdeskBot project names its Meter and ActivitySource
/// <see cref="Name"/> by convention (the executable subscribes to that name) and owns what it records.
/// </summary>
internal static class ProbeTelemetry
{
    /// <summary>The Meter and ActivitySource name shared by convention with the other HelpdeskBot projects.</summary>
    public const string Name = "HelpdeskBot";

    /// <summary>Span tag: the verdict kind of a diagnosis.</summary>
    public const string Verdict = "helpdeskbot.verdict";

    private static readonly string? Version = typeof(ProbeTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    /// <summary>Duration of each probe phase in seconds. Tags <c>phase</c> (dns | tcp | tls | http | total) and <c>outcome</c> (ok | failed).</summary>
    public static readonly Histogram<double> ProbeDuration = Meter.CreateHistogram<double>(
        "helpdeskbot.probe.duration", unit: "s", description: "Duration of each probe phase.");

    /// <summary>Diagnoses drawn. Tag <c>kind</c>: the VerdictKind name (Healthy, UpstreamFailing, …).</summary>
    public static readonly Counter<long> Verdicts = Meter.CreateCounter<long>(
        "helpdeskbot.verdicts", unit: "{diagnosis}", description: "Diagnoses drawn, by verdict kind.");

    /// <summary>Verdicts by kind and each phase's duration, from the evidence the probes kept.</summary>
    public static void Record(Diagnosis diagnosis)
    {
        Verdicts.Add(1, new KeyValuePair<string, object?>("kind", diagnosis.Verdict.Kind.ToString()));
        if (diagnosis.Dns is { } dns)
        {
            foreach (var answer in dns.Resolvers)
            {
                RecordPhase("dns", answer.Elapsed, answer.Outcome == ResolverOutcome.Ok);
            }
        }

        foreach (var tcp in diagnosis.Tcp)
        {
            RecordPhase("tcp", tcp.Elapsed, tcp.Outcome == TcpOutcome.Connected);
        }

        if (diagnosis.Tls is { } tls)
        {
            RecordPhase("tls", tls.Elapsed, tls.Succeeded);
        }

        foreach (var attempt in diagnosis.Http)
        {
            RecordPhase("http", attempt.Timings.Total, attempt.StatusCode is >= 200 and < 400);
        }

        RecordPhase("total", diagnosis.Duration, diagnosis.Verdict.Kind == VerdictKind.Healthy);
    }

    private static void RecordPhase(string phase, TimeSpan elapsed, bool ok) =>
        ProbeDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("phase", phase), new KeyValuePair<string, object?>("outcome", ok ? "ok" : "failed"));
}
