using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Tests.Probes;

/// <summary>
/// The probes' three deadlines, run out on a fake clock against real loopback parts and worded for each reader: a
/// connect whose SYN the kernel drops (a full accept queue), a TLS handshake the server never answers, a request the
/// site (Kestrel) takes and never answers. The clock moves only once the fixture shows the probe waiting, to the next
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

    private static Microsoft.Extensions.DependencyInjection.ServiceProvider Probes(DnsFixture dns, int port, ObservedClock clock) =>
        FailureRendering.Probes(dns.Endpoint, [], port, clock, o =>
        {
            o.ConnectTimeout = ConnectLimit;
            o.AttemptTimeout = AttemptLimit;
        });
}
