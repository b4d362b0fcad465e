using System.Net;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Probes.Tests.Diagnosis;

public sealed class HttpScenarioTests
{
    private const string Nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

    private static Task<LoopbackServer> Serve(RequestDelegate handler) => LoopbackServer.StartAsync(app => app.Run(handler));

    [Fact]
    public async Task Nginx_502_on_every_attempt_is_upstream_failing_and_rules_out_client_steps()
    {
        await using var server = await Serve(async ctx =>
        {
            ctx.Response.StatusCode = 502;
            ctx.Response.Headers.Server = "nginx/1.22.1";
            await ctx.Response.WriteAsync(Nginx502);
        });
        using var host = ProbeHost.Build(o => o.AllowedPorts = [server.Port]);

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/wiki");

        Assert.Equal(VerdictKind.UpstreamFailing, d.Verdict.Kind);
        Assert.Equal(502, d.Verdict.StatusCode);
        Assert.Equal((5, 5), (d.Verdict.FailedAttempts, d.Verdict.TotalAttempts));
        Assert.Equal("nginx", d.Verdict.AnsweredBy?.Id);
        Assert.True(d.Verdict.ServerSideFault);
        Assert.Equal((HopFault.Upstream, HopSource.Catalogue), (d.Verdict.AnsweredBy!.Fault, d.Verdict.AnsweredBy.Source));
        Assert.Equal("http/1.1", d.Verdict.Protocol);
        Assert.All(d.Http, a => Assert.Equal("502 Bad Gateway", a.Title));
        Assert.All(d.Http, a => Assert.Equal("nginx/1.22.1", a.HopHeaders["Server"]));
        Assert.All(d.Http, a => Assert.True(a.Timings.Total >= a.Timings.TimeToFirstByte));
        var tcp = Assert.Single(d.Tcp);
        Assert.Equal(TcpOutcome.Connected, tcp.Outcome);
    }

    [Fact]
    public async Task Two_of_five_failing_is_intermittent()
    {
        var n = 0;
        await using var server = await Serve(async ctx =>
        {
            var i = Interlocked.Increment(ref n);
            ctx.Response.StatusCode = i is 2 or 4 ? 503 : 200;
            await ctx.Response.WriteAsync("<title>Wiki</title>");
        });
        using var host = ProbeHost.Build(o => o.AllowedPorts = [server.Port]);

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/");

        Assert.Equal(VerdictKind.Intermittent, d.Verdict.Kind);
        Assert.Equal((2, 5), (d.Verdict.FailedAttempts, d.Verdict.TotalAttempts));
        Assert.Equal(503, d.Verdict.StatusCode);
        Assert.True(d.Verdict.ServerSideFault);
    }

    [Fact]
    public async Task A_healthy_site_is_not_a_server_side_fault()
    {
        await using var server = await Serve(async ctx =>
        {
            ctx.Response.Headers.Server = "nginx";
            await ctx.Response.WriteAsync("<html><head><title> Contoso  Wiki </title></head><body>hello</body></html>");
        });
        using var host = ProbeHost.Build(o => o.AllowedPorts = [server.Port]);

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/");

        Assert.Equal(VerdictKind.Healthy, d.Verdict.Kind);
        Assert.False(d.Verdict.ServerSideFault);
        Assert.Equal("Contoso Wiki", d.Http[0].Title);
        Assert.Equal("id-nginx", d.Verdict.AnsweredBy?.Id);
    }

    [Fact]
    public async Task Redirects_are_followed_by_hand_and_recorded()
    {
        await using var server = await Serve(async ctx =>
        {
            if (ctx.Request.Path == "/old")
            {
                ctx.Response.Redirect("/new");
                return;
            }

            await ctx.Response.WriteAsync("<title>New</title>");
        });
        using var host = ProbeHost.Build(o => o.AllowedPorts = [server.Port]);

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/old", attempts: 1);

        Assert.Equal(VerdictKind.Healthy, d.Verdict.Kind);
        Assert.Equal([$"http://127.0.0.1:{server.Port}/new"], d.Http[0].Redirects);
        Assert.Equal("New", d.Http[0].Title);
    }

    [Fact]
    public async Task A_500_without_a_known_gateway_is_an_origin_error()
    {
        await using var server = await Serve(async ctx =>
        {
            ctx.Response.StatusCode = 500;
            await ctx.Response.WriteAsync("Internal error");
        });
        using var host = ProbeHost.Build(o => o.AllowedPorts = [server.Port]);

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/", attempts: 3);

        Assert.Equal(VerdictKind.OriginError, d.Verdict.Kind);
        Assert.Equal(500, d.Verdict.StatusCode);
        Assert.Null(d.Verdict.AnsweredBy);
    }

    [Fact]
    public async Task A_closed_port_is_gateway_unreachable_with_refused_connects()
    {
        var port = ClosedPort();
        using var host = ProbeHost.Build(o => o.AllowedPorts = [port]);

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{port}/");

        Assert.Equal(VerdictKind.GatewayUnreachable, d.Verdict.Kind);
        Assert.Equal(TcpOutcome.Refused, d.Tcp[0].Outcome);
        Assert.Equal(FailureKind.ConnectRefused, d.Tcp[0].Failure?.Kind);
        Assert.All(d.Http, a => Assert.Equal(FailureKind.ConnectRefused, a.Failure?.Kind));
        Assert.Contains(d.Findings, f => f.Code == "tcp.refused");
        Assert.All(d.Http, a => Assert.Null(a.StatusCode));
        Assert.Equal([TcpOutcome.Refused], d.Verdict.ConnectOutcomes);
    }

    [Fact]
    public async Task A_slow_server_times_out_within_the_budget()
    {
        var waits = new SemaphoreSlim(0);
        await using var server = await Serve(Stall(waits));
        var clock = new ObservedClock();
        using var host = ProbeHost.Build(o =>
        {
            o.AllowedPorts = [server.Port];
            o.TimeBudget = TimeSpan.FromSeconds(1.5);
            o.AttemptTimeout = TimeSpan.FromMilliseconds(250);
        }, time: clock);

        var d = await clock.DriveAsync(host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/", attempts: 2), waits);

        Assert.Equal(VerdictKind.OriginError, d.Verdict.Kind);
        Assert.Equal(2, d.Http.Count);
        Assert.All(d.Http, a => Assert.Equal("timeout after 0.25 s waiting for the response", a.Error));
        Assert.All(d.Http, a => Assert.Equal(new ProbeFailure(FailureKind.TimeoutResponse) { Seconds = 0.25 }, a.Failure));
        Assert.Equal(new ProbeFailure(FailureKind.TimeoutResponse) { Seconds = 0.25 }, d.Verdict.Failure);
        // Two attempts one after the other, each stopped by its 250 ms deadline on the diagnosis clock.
        Assert.Equal(TimeSpan.FromMilliseconds(500), d.Duration);
    }

    [Fact]
    public async Task The_budget_stops_the_attempts_that_no_longer_fit()
    {
        var waits = new SemaphoreSlim(0);
        var requests = 0;
        await using var server = await Serve(ctx =>
        {
            Interlocked.Increment(ref requests);
            return Stall(waits)(ctx);
        });
        var clock = new ObservedClock();
        using var host = ProbeHost.Build(o =>
        {
            o.AllowedPorts = [server.Port];
            o.TimeBudget = TimeSpan.FromMilliseconds(600);
            o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.AttemptSpacing = TimeSpan.FromMilliseconds(100);
        }, time: clock);
        clock.Watch(TimeSpan.FromMilliseconds(100), waits);

        var d = await clock.DriveAsync(host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/", attempts: 5), waits);

        // Each deadline is cut to fit what is left of the 600 ms; the pause before attempt 5 outlasts the budget, so
        // attempt 5 is never sent, and the diagnosis says so instead of failing.
        Assert.Equal(4, d.Http.Count);
        Assert.Equal(4, requests);
        Assert.All(d.Http, a => Assert.StartsWith("timeout after", a.Error, StringComparison.Ordinal));
        Assert.Contains(d.Findings, f => f.Code == "budget.exhausted" && f.Message.Contains("4 of 5 attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        await using var server = await Serve(async ctx =>
        {
            // The caller gives up while the probe waits for the answer.
            await cts.CancelAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
        });
        using var host = ProbeHost.Build(o => o.AllowedPorts = [server.Port], time: new ObservedClock());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            host.Diagnoser().DiagnoseAsync(new DiagnosisRequest($"http://127.0.0.1:{server.Port}/"), null, cts.Token));
    }

    [Fact]
    public async Task The_response_body_is_read_only_up_to_the_cap()
    {
        await using var server = await Serve(async ctx =>
        {
            var chunk = new string('x', 64 * 1024);
            for (var i = 0; i < 1024 && !ctx.RequestAborted.IsCancellationRequested; i++)
            {
                await ctx.Response.WriteAsync(chunk, ctx.RequestAborted);
            }
        });
        using var host = ProbeHost.Build(o => { o.AllowedPorts = [server.Port]; o.MaxBodyBytes = 4096; o.BodySnippetChars = 100; });

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/", attempts: 1);

        Assert.Equal(200, d.Http[0].StatusCode);
        Assert.Equal(100, d.Http[0].BodySnippet!.Length);
        Assert.True(d.Duration < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Progress_is_reported_per_phase()
    {
        await using var server = await Serve(ctx => ctx.Response.WriteAsync("ok"));
        using var host = ProbeHost.Build(o => o.AllowedPorts = [server.Port]);
        var phases = new List<string>();
        var progress = new SyncProgress(p => phases.Add(p.Phase));

        await host.Diagnoser().DiagnoseAsync(new DiagnosisRequest($"http://127.0.0.1:{server.Port}/", null, 2), progress, default);

        Assert.Equal(["http", "http", "verdict"], phases);
    }

    [Fact]
    public async Task Diagnosis_round_trips_through_the_source_generated_json()
    {
        await using var server = await Serve(async ctx => { ctx.Response.StatusCode = 502; ctx.Response.Headers.Server = "awselb/2.0"; await ctx.Response.WriteAsync("x"); });
        using var host = ProbeHost.Build(o => o.AllowedPorts = [server.Port]);
        var d = await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/", attempts: 1);

        var json = System.Text.Json.JsonSerializer.Serialize(d, ProbesJsonContext.Default.Diagnosis);
        var back = System.Text.Json.JsonSerializer.Deserialize(json, ProbesJsonContext.Default.Diagnosis)!;

        Assert.Contains("\"kind\":\"UpstreamFailing\"", json, StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"connected\"", json, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"load-balancer\"", json, StringComparison.Ordinal);
        Assert.Contains("\"fault\":\"upstream\"", json, StringComparison.Ordinal);
        Assert.Equal(d.Verdict.Kind, back.Verdict.Kind);
        Assert.Equal(HopRole.LoadBalancer, back.Verdict.AnsweredBy?.Role);
        Assert.Equal(TcpOutcome.Connected, back.Tcp[0].Outcome);
        Assert.Equal("aws-alb", back.Verdict.AnsweredBy?.Id);
    }

    /// <summary>A server that takes the request, signals that the probe now waits, and never answers.</summary>
    private static RequestDelegate Stall(SemaphoreSlim waits) => async ctx =>
    {
        waits.Release();
        await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
    };

    internal static int ClosedPort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private sealed class SyncProgress(Action<ProbeProgress> report) : IProgress<ProbeProgress>
    {
        public void Report(ProbeProgress value) => report(value);
    }
}
