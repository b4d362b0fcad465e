using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Probes.Tests.Diagnosis;

public sealed class DiagnosisMetricsTests
{
    [Fact]
    public async Task A_real_diagnosis_records_its_verdict_and_each_phase_duration()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.StatusCode = 502;
            ctx.Response.Headers.Server = "nginx/1.22.1";
            await ctx.Response.WriteAsync("<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>");
        }));
        using var host = ProbeHost.Build(o => o.AllowedPorts = [server.Port]);
        var verdicts = new ConcurrentBag<string>();
        var phases = new ConcurrentBag<(string Phase, string Outcome)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ProbeTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            if (instrument == ProbeTelemetry.Verdicts)
            {
                verdicts.Add(Tag(tags, "kind"));
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (instrument == ProbeTelemetry.ProbeDuration)
            {
                phases.Add((Tag(tags, "phase"), Tag(tags, "outcome")));
            }
        });
        listener.Start();

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/wiki");

        Assert.Contains(d.Verdict.Kind.ToString(), verdicts);
        Assert.Contains(("tcp", "ok"), phases);
        Assert.Contains(("http", "failed"), phases);
        Assert.Contains(("total", "failed"), phases);
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString() ?? string.Empty;
            }
        }

        return string.Empty;
    }
}
