using ARSoft.Tools.Net.Dns;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Probes.Tests.Dns;

/// <summary>DNS against in-process servers on loopback UDP ports; nothing is asked of a real resolver.</summary>
public sealed class DnsScenarioTests
{
    [Fact]
    public async Task Nxdomain_from_every_resolver_is_a_dns_failure_on_the_sites_side()
    {
        using var system = new DnsFixture();
        using var pub = new DnsFixture();
        using var host = ProbeHost.Build(o => { o.SystemResolver = system.Endpoint; o.Resolvers = [pub.Endpoint]; });

        var d = await host.DiagnoseAsync("https://nowhere.contoso.test/");

        Assert.Equal(VerdictKind.DnsFailure, d.Verdict.Kind);
        Assert.True(d.Verdict.ServerSideFault);
        Assert.Equal(ResolverOutcome.Nxdomain, d.Verdict.DnsOutcome);
        Assert.All(d.Dns!.Resolvers, r => Assert.Equal(ResolverOutcome.Nxdomain, r.Outcome));
        Assert.Contains(d.Findings, f => f.Code == "dns.nxdomain");
        Assert.Empty(d.Http);
    }

    [Fact]
    public async Task Servfail_is_reported()
    {
        using var system = new DnsFixture();
        system.Fail("broken.contoso.test", ReturnCode.ServerFailure);
        using var host = ProbeHost.Build(o => o.SystemResolver = system.Endpoint);

        var d = await host.DiagnoseAsync("broken.contoso.test");

        Assert.Equal(VerdictKind.DnsFailure, d.Verdict.Kind);
        Assert.Equal(ResolverOutcome.Servfail, d.Dns!.Resolvers[0].Outcome);
        Assert.Equal(ResolverOutcome.Servfail, d.Verdict.DnsOutcome);
        Assert.True(d.Verdict.ServerSideFault);
        Assert.Contains(d.Findings, f => f.Code == "dns.servfail");
    }

    [Fact]
    public async Task A_name_without_address_records_is_nodata_not_nxdomain()
    {
        using var system = new DnsFixture();
        using var pub = new DnsFixture();
        system.A("mail-only.contoso.test");
        pub.A("mail-only.contoso.test");
        using var host = ProbeHost.Build(o => { o.SystemResolver = system.Endpoint; o.Resolvers = [pub.Endpoint]; });

        var d = await host.DiagnoseAsync("https://mail-only.contoso.test/");

        Assert.Equal(VerdictKind.DnsFailure, d.Verdict.Kind);
        Assert.Equal(ResolverOutcome.Nodata, d.Verdict.DnsOutcome);
        Assert.All(d.Dns!.Resolvers, r => Assert.Equal(ResolverOutcome.Nodata, r.Outcome));
        Assert.False(d.Verdict.ServerSideFault); // the name exists: the address typed may be the wrong one
        Assert.Contains(d.Findings, f => f.Code == "dns.nodata");
        Assert.DoesNotContain(d.Findings, f => f.Code == "dns.nxdomain");
        Assert.False(d.Dns.Disagree);
    }

    [Fact]
    public async Task Nodata_from_one_resolver_and_nxdomain_from_another_disagree()
    {
        using var system = new DnsFixture();
        using var pub = new DnsFixture();
        system.A("half.contoso.test");
        using var host = ProbeHost.Build(o => { o.SystemResolver = system.Endpoint; o.Resolvers = [pub.Endpoint]; });

        var d = await host.DiagnoseAsync("half.contoso.test");

        Assert.Equal([ResolverOutcome.Nodata, ResolverOutcome.Nxdomain], d.Dns!.Resolvers.Select(r => r.Outcome));
        Assert.True(d.Dns.Disagree);
        Assert.True(d.Verdict.ResolversDisagree);
    }

    [Fact]
    public async Task A_cancelled_diagnosis_is_cancelled_not_a_resolver_timeout()
    {
        using var silent = new SilentResolver();
        using var host = ProbeHost.Build(o => { o.SystemResolver = silent.Endpoint; o.DnsTimeout = TimeSpan.FromSeconds(5); });
        using var cts = new CancellationTokenSource();

        // Cancelled as the resolvers are asked: before, the resolvers reported the caller's cancellation as their timeout.
        var run = host.Diagnoser().DiagnoseAsync(new DiagnosisRequest("wiki.contoso.test"), new CancelOn("dns", cts), cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    /// <summary>Cancels the run when the diagnosis reports the given phase (synchronously, unlike Progress&lt;T&gt;).</summary>
    private sealed class CancelOn(string phase, CancellationTokenSource cts) : IProgress<ProbeProgress>
    {
        public void Report(ProbeProgress value)
        {
            if (value.Phase == phase)
            {
                cts.Cancel();
            }
        }
    }

    [Fact]
    public async Task A_resolver_that_never_answers_is_a_timeout_finding()
    {
        using var silent = new SilentResolver();
        using var system = new DnsFixture();
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("ok")));
        system.A("wiki.contoso.test", "127.0.0.1");
        using var host = ProbeHost.Build(o =>
        {
            o.SystemResolver = system.Endpoint;
            o.Resolvers = [silent.Endpoint];
            o.DnsTimeout = TimeSpan.FromMilliseconds(400);
            o.AllowedPorts = [server.Port];
        });

        var d = await host.DiagnoseAsync($"http://wiki.contoso.test:{server.Port}/", attempts: 1);

        Assert.Equal(ResolverOutcome.Timeout, d.Dns!.Resolvers.Single(r => r.Resolver == silent.Endpoint).Outcome);
        Assert.Contains(d.Findings, f => f.Code == "dns.timeout");
        Assert.Equal(VerdictKind.Healthy, d.Verdict.Kind);
    }

    [Fact]
    public async Task Resolvers_that_disagree_keep_public_dns_in_the_runbook()
    {
        using var system = new DnsFixture();
        using var pub = new DnsFixture();
        system.A("wiki.contoso.test", "127.0.0.1");
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("ok")));
        using var host = ProbeHost.Build(o => { o.SystemResolver = system.Endpoint; o.Resolvers = [pub.Endpoint]; o.AllowedPorts = [server.Port]; });

        var d = await host.DiagnoseAsync($"http://wiki.contoso.test:{server.Port}/", attempts: 2);

        Assert.True(d.Dns!.Disagree);
        Assert.Equal(VerdictKind.ResolversDisagree, d.Verdict.Kind);
        Assert.True(d.Verdict.ResolversDisagree);
        Assert.Contains(d.Findings, f => f.Code == "dns.disagree");
    }

    [Fact]
    public async Task Disjoint_answers_count_as_disagreement()
    {
        using var system = new DnsFixture();
        using var pub = new DnsFixture();
        system.A("wiki.contoso.test", "127.0.0.1");
        pub.A("wiki.contoso.test", "127.0.0.3");
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("ok")));
        using var host = ProbeHost.Build(o => { o.SystemResolver = system.Endpoint; o.Resolvers = [pub.Endpoint]; o.AllowedPorts = [server.Port]; });

        var d = await host.DiagnoseAsync($"http://wiki.contoso.test:{server.Port}/", attempts: 1);

        Assert.True(d.Dns!.Disagree);
        Assert.Equal("127.0.0.1", d.Tcp[0].Address);
    }

    [Fact]
    public async Task Internal_zones_are_only_asked_of_the_system_resolver()
    {
        using var system = new DnsFixture();
        using var pub = new DnsFixture();
        system.A("wiki.corp.contoso.test", "127.0.0.1");
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("ok")));
        using var host = ProbeHost.Build(o =>
        {
            o.SystemResolver = system.Endpoint;
            o.Resolvers = [pub.Endpoint];
            o.InternalZones = ["corp.contoso.test"];
            o.AllowedPorts = [server.Port];
        });

        var d = await host.DiagnoseAsync($"http://wiki.corp.contoso.test:{server.Port}/", attempts: 1);

        Assert.Equal(0, pub.TotalQueries);
        Assert.Equal(ResolverOutcome.Skipped, d.Dns!.Resolvers.Single(r => r.Resolver == pub.Endpoint).Outcome);
        Assert.Equal(VerdictKind.Healthy, d.Verdict.Kind);
    }

    [Fact]
    public async Task A_cname_chain_is_reported_from_every_resolver_and_the_final_address_is_probed()
    {
        using var system = new DnsFixture();
        using var pub = new DnsFixture();
        string[] chain = ["wiki.edge.contoso.test", "contoso.cdn.example.test"];
        system.Cname("wiki.contoso.test", chain, "127.0.0.1");
        pub.Cname("wiki.contoso.test", chain, "127.0.0.1");
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("ok")));
        using var host = ProbeHost.Build(o => { o.SystemResolver = system.Endpoint; o.Resolvers = [pub.Endpoint]; o.AllowedPorts = [server.Port]; });

        var d = await host.DiagnoseAsync($"http://wiki.contoso.test:{server.Port}/", attempts: 1);

        Assert.Equal(2, d.Dns!.Resolvers.Count);
        Assert.All(d.Dns.Resolvers, r =>
        {
            Assert.Equal(ResolverOutcome.Ok, r.Outcome);
            Assert.Equal(chain, r.CnameChain);
            Assert.Equal(["127.0.0.1"], r.Addresses);
        });
        Assert.False(d.Dns.Disagree);
        Assert.Equal(2, d.Findings.Count(f => f.Code == "dns.cname" && f.Message.Contains("wiki.contoso.test → wiki.edge.contoso.test → contoso.cdn.example.test", StringComparison.Ordinal)));
        Assert.Equal("127.0.0.1", Assert.Single(d.Tcp).Address);
        Assert.Equal(VerdictKind.Healthy, d.Verdict.Kind);
    }

    [Fact]
    public async Task Ip_literals_skip_dns()
    {
        using var system = new DnsFixture();
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("ok")));
        using var host = ProbeHost.Build(o => { o.SystemResolver = system.Endpoint; o.AllowedPorts = [server.Port]; });

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/", attempts: 1);

        Assert.Null(d.Dns);
        Assert.Equal(0, system.TotalQueries);
    }
}
