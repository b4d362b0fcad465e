using System.Diagnostics;
using HelpdeskBot.Probes.Http;

namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>
/// The spans of one diagnosis: <c>probe.diagnose</c> with the verdict, <c>probe.dns</c>, one <c>probe.http</c> per
/// attempt, and under each attempt its <c>probe.tcp</c> / <c>probe.tls</c> phases. Tags name the target host and
/// the evidence (never a user, a body or a header value).
/// </summary>
/// <remarks>
/// SocketsHttpHandler opens connections outside the request's async context, so a span started in the connect
/// callback would not be a child of the attempt. The TCP and TLS spans are therefore drawn after the attempt from
/// the phase timings the probe measured itself (the same figures as the evidence and the duration metric), placed
/// at the attempt's start: connects one after another, then the handshake.
/// </remarks>
internal static class ProbeSpans
{
    /// <summary>The raw target is not tagged (a pasted URL may carry a query secret); the host is, once parsed.</summary>
    public static Activity? StartDiagnose() => ProbeTelemetry.ActivitySource.StartActivity("probe.diagnose");

    public static void Finish(Activity? span, Diagnosis diagnosis)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag("server.address", diagnosis.Target.Host);
        span.SetTag(ProbeTelemetry.Verdict, diagnosis.Verdict.Kind.ToString());
        span.SetTag("helpdeskbot.verdict.server_side_fault", diagnosis.Verdict.ServerSideFault);
        span.SetTag("helpdeskbot.verdict.failed_attempts", diagnosis.Verdict.FailedAttempts);
        span.SetTag("helpdeskbot.verdict.total_attempts", diagnosis.Verdict.TotalAttempts);
        if (diagnosis.Verdict.StatusCode is { } status)
        {
            span.SetTag("http.response.status_code", status);
        }
    }

    public static Activity? StartDns(string host)
    {
        var span = ProbeTelemetry.ActivitySource.StartActivity("probe.dns");
        span?.SetTag("server.address", host);
        return span;
    }

    public static void FinishDns(Activity? span, DnsEvidence evidence, int addresses)
    {
        span?.SetTag("helpdeskbot.dns.resolvers", evidence.Resolvers.Count);
        span?.SetTag("helpdeskbot.dns.addresses", addresses);
        span?.SetTag("helpdeskbot.dns.disagree", evidence.Disagree);
        if (addresses == 0)
        {
            span?.SetStatus(ActivityStatusCode.Error, "no address");
        }
    }

    public static Activity? StartAttempt(string host, int attempt, bool viaProxy)
    {
        var span = ProbeTelemetry.ActivitySource.StartActivity("probe.http");
        span?.SetTag("server.address", host);
        span?.SetTag("helpdeskbot.probe.attempt", attempt);
        span?.SetTag("helpdeskbot.probe.via", viaProxy ? "proxy" : "direct");
        return span;
    }

    public static void FinishAttempt(Activity? span, HttpAttemptResult? result)
    {
        if (span is null)
        {
            return;
        }

        if (result is null)
        {
            span.SetStatus(ActivityStatusCode.Error, "the attempt did not finish (time budget)");
            return;
        }

        var evidence = result.Evidence;
        if (evidence.StatusCode is { } status)
        {
            span.SetTag("http.response.status_code", status);
        }

        if (evidence.AnsweredBy is { } hop)
        {
            span.SetTag("helpdeskbot.probe.answered_by", hop.Id);
        }

        if (result.Failed)
        {
            span.SetStatus(ActivityStatusCode.Error, evidence.Error ?? $"HTTP {evidence.StatusCode}");
        }

        // The connect and handshake phases, from the timings the probe measured (see remarks).
        var at = span.StartTimeUtc;
        foreach (var connect in result.Connects)
        {
            using var tcp = ProbeTelemetry.ActivitySource.StartActivity("probe.tcp", ActivityKind.Internal, span.Context, startTime: at);
            tcp?.SetTag("network.peer.address", connect.Address);
            tcp?.SetTag("network.peer.port", connect.Port);
            tcp?.SetTag("helpdeskbot.probe.outcome", WireNames.Of(connect.Outcome));
            if (connect.Outcome != TcpOutcome.Connected)
            {
                tcp?.SetStatus(ActivityStatusCode.Error, WireNames.Of(connect.Outcome));
            }

            at += connect.Elapsed;
            tcp?.SetEndTime(at);
        }

        if (evidence.Timings.Tls > TimeSpan.Zero || result.Tls is { Succeeded: false })
        {
            using var tls = ProbeTelemetry.ActivitySource.StartActivity("probe.tls", ActivityKind.Internal, span.Context, startTime: at);
            tls?.SetTag("tls.protocol.version", result.Tls?.Protocol);
            if (result.Tls is { Succeeded: false } failed)
            {
                tls?.SetStatus(ActivityStatusCode.Error, failed.Error);
            }

            tls?.SetEndTime(at + evidence.Timings.Tls);
        }
    }
}
