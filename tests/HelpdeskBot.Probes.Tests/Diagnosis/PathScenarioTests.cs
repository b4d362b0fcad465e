using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Probes.Tests.Diagnosis;

/// <summary>Egress proxy comparison and control URLs, all against loopback fixtures.</summary>
public sealed class PathScenarioTests
{
    [Fact]
    public async Task Direct_works_but_the_proxy_fails_is_a_proxy_problem()
    {
        await using var site = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("<title>Wiki</title>")));
        await using var proxy = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.StatusCode = 503;
            ctx.Response.Headers["X-Squid-Error"] = "ERR_CONNECT_FAIL 111";
            await ctx.Response.WriteAsync("<title>ERROR: The requested URL could not be retrieved</title>");
        }));
        using var host = ProbeHost.Build(o => { o.AllowedPorts = [site.Port]; o.EgressProxy = proxy.BaseAddress.ToString(); });

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{site.Port}/", attempts: 2);

        Assert.Equal(VerdictKind.ProxyProblem, d.Verdict.Kind);
        Assert.Equal((0, 2, 2, 2), (d.Proxy!.DirectFailed, d.Proxy.DirectTotal, d.Proxy.ProxyFailed, d.Proxy.ProxyTotal));
        Assert.Equal("squid", d.Verdict.AnsweredBy?.Id);
        Assert.False(d.Verdict.ServerSideFault);
        Assert.Equal(d.Proxy.ProxyFailed, d.Verdict.FailedAttempts);
        Assert.Equal(2, d.Http.Count(a => a.Via == "proxy"));
    }

    [Fact]
    public async Task Target_and_every_control_url_down_is_the_bots_own_network()
    {
        var closed = HttpScenarioTests.ClosedPort();
        var controlClosed = HttpScenarioTests.ClosedPort();
        using var host = ProbeHost.Build(o => { o.AllowedPorts = [closed]; o.ControlUrls = [$"http://127.0.0.1:{controlClosed}/"]; });

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{closed}/", attempts: 2);

        Assert.Equal(VerdictKind.BotNetworkProblem, d.Verdict.Kind);
        Assert.Equal((0, 1), (d.Control!.Reachable, d.Control.Total));
        Assert.False(d.Verdict.ServerSideFault);
    }

    [Fact]
    public async Task Target_down_while_control_urls_answer_is_the_target()
    {
        var closed = HttpScenarioTests.ClosedPort();
        await using var control = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("ok")));
        using var host = ProbeHost.Build(o => { o.AllowedPorts = [closed]; o.ControlUrls = [control.BaseAddress.ToString()]; });

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{closed}/", attempts: 2);

        Assert.Equal(VerdictKind.GatewayUnreachable, d.Verdict.Kind);
        Assert.Equal(1, d.Control!.Reachable);
        Assert.Contains(d.Findings, f => f.Code == "control.ok");
    }
}
