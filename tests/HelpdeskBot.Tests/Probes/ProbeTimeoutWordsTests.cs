using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Tests.Probes;

/// <summary>
/// The probes' deadlines, run out on a fake clock against real loopback parts and worded for each reader: a connect
/// whose SYN the kernel drops (a full accept queue) — stopped by the connect's limit or by the attempt's —, a TLS
/// handshake the server never answers, a request the site (Kestrel) takes and never answers, a resolver that never answers. The clock moves only once the fixture shows the probe waiting, to the next
/// pending timer; the limits (1.5 s, 2.5 s) carry a decimal, which German writes with a comma.
/// </summary>
public sealed class ProbeTimeoutWordsTests
{
    private const string Site = FailureRendering.Site;
    private static readonly TimeSpan ConnectLimit = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan AttemptLimit = TimeSpan.FromSeconds(2.5);

    public static TheoryData<string> Languages => FailureRendering.Languages;

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_connection_request_nobody_answers_times_out_and_is_worded_for_the_user_and_the_help_desk(string language)
    {
        using var dns = new DnsFixture();
        dns.A(Site, "127.0.0.1");
        using var site = new FullBacklogListener();
        var clock = new ObservedClock();
        using var probes = Probes(dns, site.Port, clock);

        var d = await clock.DriveAsync(FailureRendering.DiagnoseAsync(probes, $"http://{Site}:{site.Port}/"), site.Waiting);

        var failure = new ProbeFailure(FailureKind.ConnectTimeout) { Seconds = 1.5 };
        Assert.Equal(2, d.Http.Count);
        Assert.All(d.Tcp, t => Assert.Equal((TcpOutcome.Timeout, failure), (t.Outcome, t.Failure)));
        Assert.All(d.Http, a => Assert.Equal(failure, a.Failure));
        Assert.Equal(2 * ConnectLimit, d.Duration); // two connects one after the other, each stopped by its limit on the clock
        FailureRendering.AssertFailureWorded(d, language, failure);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_tls_handshake_the_server_never_answers_times_out_and_is_worded_for_the_user_and_the_help_desk(string language)
    {
        using var dns = new DnsFixture();
        dns.A(Site, "127.0.0.1");
        using var site = new MuteServer();
        var clock = new ObservedClock();
        using var probes = Probes(dns, site.Port, clock);

        var d = await clock.DriveAsync(FailureRendering.DiagnoseAsync(probes, $"https://{Site}:{site.Port}/"), site.Waiting);

        var failure = new ProbeFailure(FailureKind.TimeoutTls) { Seconds = 2.5 };
        Assert.Equal(2, d.Http.Count);
        Assert.All(d.Http, a => Assert.Equal(failure, a.Failure));
        Assert.Equal(failure, d.Tls?.Failure);
        Assert.All(d.Tcp, t => Assert.Equal(TcpOutcome.Connected, t.Outcome));
        Assert.Equal(2 * AttemptLimit, d.Duration);
        FailureRendering.AssertFailureWorded(d, language, failure);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_request_the_site_never_answers_times_out_and_is_worded_for_the_user_and_the_help_desk(string language)
    {
        using var dns = new DnsFixture();
        dns.A(Site, "127.0.0.1");
        using var waiting = new SemaphoreSlim(0);
        await using var site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            waiting.Release(); // the request is in: the probe now waits for the answer
            await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, ctx.RequestAborted);
        }));
        var clock = new ObservedClock();
        using var probes = Probes(dns, site.Port, clock);

        var d = await clock.DriveAsync(FailureRendering.DiagnoseAsync(probes, $"http://{Site}:{site.Port}/"), waiting);

        var failure = new ProbeFailure(FailureKind.TimeoutResponse) { Seconds = 2.5 };
        Assert.Equal(2, d.Http.Count);
        Assert.All(d.Http, a => Assert.Equal(failure, a.Failure));
        Assert.Equal((VerdictKind.OriginError, failure), (d.Verdict.Kind, d.Verdict.Failure));
        Assert.Equal(2 * AttemptLimit, d.Duration);
        FailureRendering.AssertWorded(
            d,
            language,
            user => [FailureRendering.Text(failure, user), user.Format("VerdictOriginNoAnswer", Site, FailureRendering.Text(failure, user))],
            desk => [FailureRendering.Text(failure, desk)]);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task An_attempt_whose_limit_runs_out_while_connecting_names_the_attempts_limit_not_the_connects(string language)
    {
        using var dns = new DnsFixture();
        dns.A(Site, "127.0.0.1");
        using var site = new FullBacklogListener();
        var clock = new ObservedClock();
        using var probes = FailureRendering.Probes(dns.Endpoint, [], site.Port, clock, o =>
        {
            o.ConnectTimeout = TimeSpan.FromSeconds(3); // longer than the attempt's 2.5 s
            o.AttemptTimeout = AttemptLimit;
        });

        var d = await clock.DriveAsync(FailureRendering.DiagnoseAsync(probes, $"http://{Site}:{site.Port}/"), site.Waiting);

        // Both attempts stop at their own 2.5 s while connecting; the address then gets a connect of its own, as evidence.
        var attempt = new ProbeFailure(FailureKind.TimeoutConnecting) { Seconds = 2.5 };
        var connect = new ProbeFailure(FailureKind.ConnectTimeout) { Seconds = 3 };
        Assert.Equal(2, d.Http.Count);
        Assert.All(d.Http, a => Assert.Equal(attempt, a.Failure));
        Assert.Equal((TcpOutcome.Timeout, connect), (Assert.Single(d.Tcp).Outcome, d.Tcp[0].Failure));
        Assert.Equal(VerdictKind.GatewayUnreachable, d.Verdict.Kind);
        Assert.Equal(2 * AttemptLimit + TimeSpan.FromSeconds(3), d.Duration);
        FailureRendering.AssertWorded(
            d,
            language,
            user => [FailureRendering.Text(attempt, user)],
            desk => [FailureRendering.Text(attempt, desk), FailureRendering.Text(connect, desk)]);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_resolver_that_never_answers_times_out_on_the_probes_clock_and_is_worded_for_the_user_and_the_help_desk(string language)
    {
        using var resolver = new SilentResolver();
        var clock = new ObservedClock();
        using var probes = FailureRendering.Probes(resolver.Endpoint, [], time: clock, configure: o => o.DnsTimeout = ConnectLimit);

        var d = await clock.DriveAsync(FailureRendering.DiagnoseAsync(probes, Site), resolver.Waiting);

        var failure = new ProbeFailure(FailureKind.ResolverTimeout) { Seconds = 1.5 };
        Assert.Equal((ResolverOutcome.Timeout, failure), (Assert.Single(d.Dns!.Resolvers).Outcome, d.Dns.Resolvers[0].Failure));
        Assert.Equal(VerdictKind.DnsFailure, d.Verdict.Kind);
        Assert.Equal(2 * ConnectLimit, d.Duration); // the query, and once more after it ran out (a lost datagram is not a finding)
        FailureRendering.AssertFailureWorded(d, language, failure);
    }

    private static Microsoft.Extensions.DependencyInjection.ServiceProvider Probes(DnsFixture dns, int port, ObservedClock clock) =>
        FailureRendering.Probes(dns.Endpoint, [], port, clock, o =>
        {
            o.ConnectTimeout = ConnectLimit;
            o.AttemptTimeout = AttemptLimit;
        });
}
