using System.Net;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Tcp;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HelpdeskBot.Probes.Tests.Diagnosis;

/// <summary>
/// The connects to addresses the HTTP attempts did not need are evidence only: one that throws instead of returning its
/// outcome becomes a failed connect in the diagnosis (and a warning in the log), never a lost diagnosis.
/// </summary>
public sealed class UntriedConnectTests
{
    private const string Site = "wiki.contoso.test";

    [Fact]
    public async Task An_evidence_connect_that_throws_is_a_failed_connect_and_the_diagnosis_stands()
    {
        using var dns = TwoAddresses();
        await using var server = await SiteAsync();
        using var logs = new FakeLoggerProvider();
        var failing = new ThrowingConnect();
        using var host = Probes(dns, server, failing, logs);

        var d = await host.DiagnoseAsync($"http://{Site}:{server.Port}/", attempts: 1);

        Assert.Equal(VerdictKind.Healthy, d.Verdict.Kind);
        var untried = Assert.Single(failing.Asked);
        Assert.Equal(2, d.Tcp.Count);
        Assert.Equal(TcpOutcome.Connected, Assert.Single(d.Tcp, t => t.Address != untried.ToString()).Outcome);
        var failed = Assert.Single(d.Tcp, t => t.Address == untried.ToString());
        Assert.Equal((TcpOutcome.Error, server.Port), (failed.Outcome, failed.Port));
        Assert.Equal(new ProbeFailure(FailureKind.ConnectFailed) { Detail = nameof(InvalidOperationException) }, failed.Failure);
        var warning = Assert.Single(logs.Collector.GetSnapshot(), e => e.Id.Id == 3005);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.IsType<InvalidOperationException>(warning.Exception);
    }

    [Fact]
    public async Task The_callers_cancellation_during_an_evidence_connect_still_cancels_the_diagnosis()
    {
        using var dns = TwoAddresses();
        await using var server = await SiteAsync();
        using var caller = new CancellationTokenSource();
        var cancelling = new CancellingConnect(caller);
        using var host = Probes(dns, server, cancelling);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            host.Diagnoser().DiagnoseAsync(new DiagnosisRequest($"http://{Site}:{server.Port}/", null, 1), null, caller.Token));
        Assert.Equal(1, cancelling.Calls);
    }

    /// <summary>The site's name resolves to two loopback addresses; the site listens on the first only.</summary>
    private static DnsFixture TwoAddresses() => new DnsFixture().A(Site, "127.0.0.1", "127.0.0.2");

    private static Task<LoopbackServer> SiteAsync() =>
        LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("<title>Wiki</title>")), address: IPAddress.Parse("127.0.0.1"));

    /// <summary>The real probes, asking <paramref name="dns"/>, with <paramref name="connect"/> for the evidence connects.</summary>
    private static ServiceProvider Probes(DnsFixture dns, LoopbackServer site, IConnectProbe connect, ILoggerProvider? logs = null) =>
        ProbeHost.Build(
            o =>
            {
                o.SystemResolver = dns.Endpoint;
                o.AllowedPorts = [site.Port];
            },
            logs: logs,
            replace: s => s.Replace(ServiceDescriptor.Singleton(connect)));

    /// <summary>A connect that fails the way nothing on loopback makes it fail: by throwing.</summary>
    private sealed class ThrowingConnect : IConnectProbe
    {
        public List<IPAddress> Asked { get; } = [];

        public Task<TcpEvidence> ProbeAsync(IPAddress address, int port, string? host, TimeSpan timeout, CancellationToken cancellationToken)
        {
            lock (Asked)
            {
                Asked.Add(address);
            }

            throw new InvalidOperationException("the socket layer broke");
        }
    }

    /// <summary>The user gives up while the evidence connect runs.</summary>
    private sealed class CancellingConnect(CancellationTokenSource caller) : IConnectProbe
    {
        private int _calls;

        public int Calls => _calls;

        public async Task<TcpEvidence> ProbeAsync(IPAddress address, int port, string? host, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await caller.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("not reached: the budget token is linked to the caller's");
        }
    }
}
