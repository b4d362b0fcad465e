using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HelpdeskBot.Probes.Tests.Http;

/// <summary>
/// HTTP/2 where the site offers it: Kestrel over TLS serving h2 only, HTTP/1.1 only, or both and failing over one.
/// The attempts offer h2 and http/1.1 by ALPN on the probe's own pinned connection and record what they spoke.
/// </summary>
public sealed class Http2ScenarioTests
{
    private const string Name = "wiki.contoso.test";

    [Fact]
    public async Task A_site_that_speaks_only_http2_is_probed_over_http2_with_every_phase_timed()
    {
        var d = await ProbeAsync(HttpProtocols.Http2, ctx => ctx.Response.WriteAsync($"<title>{ctx.Request.Protocol}</title>"));

        Assert.All(d.Http, a => Assert.Equal(("h2", 200, "HTTP/2"), (a.Protocol, a.StatusCode, a.Title)));
        Assert.Equal("h2", d.Verdict.Protocol);
        Assert.Null(d.Verdict.ProtocolSplit);
        Assert.All(d.Http, a => Assert.True(a.Timings.Connect > TimeSpan.Zero && a.Timings.Tls > TimeSpan.Zero && a.Timings.TimeToFirstByte > TimeSpan.Zero));
        Assert.All(d.Http, a => Assert.True(a.Timings.Total >= a.Timings.TimeToFirstByte));
        Assert.Equal(TcpOutcome.Connected, Assert.Single(d.Tcp).Outcome);
    }

    [Fact]
    public async Task A_site_that_speaks_only_http1_is_probed_over_http1()
    {
        var d = await ProbeAsync(HttpProtocols.Http1, ctx => ctx.Response.WriteAsync($"<title>{ctx.Request.Protocol}</title>"));

        Assert.All(d.Http, a => Assert.Equal(("http/1.1", 200, "HTTP/1.1"), (a.Protocol, a.StatusCode, a.Title)));
        Assert.Equal("http/1.1", d.Verdict.Protocol);
    }

    [Fact]
    public async Task A_site_that_fails_only_over_http2_is_said_to()
    {
        var d = await ProbeAsync(HttpProtocols.Http1AndHttp2, async ctx =>
        {
            ctx.Response.StatusCode = ctx.Request.Protocol == "HTTP/2" ? 502 : 200;
            ctx.Response.Headers["X-Acme-Request-Id"] = "r-1";
            await ctx.Response.WriteAsync("<title>Wiki</title>");
        });

        Assert.Equal(2, d.Verdict.TotalAttempts);
        Assert.All(d.Http.Take(2), a => Assert.Equal(("h2", 502), (a.Protocol, a.StatusCode)));
        var check = d.Http[^1];
        Assert.Equal((3, "http/1.1", 200), (check.Attempt, check.Protocol, check.StatusCode));
        Assert.Equal(new ProtocolSplit("h2", "http/1.1", "502"), d.Verdict.ProtocolSplit);
        Assert.Equal("r-1", d.Http[0].HopHeaders["X-Acme-Request-Id"]);
    }

    [Fact]
    public async Task A_site_whose_http2_breaks_the_connection_is_said_to_work_over_http1()
    {
        var d = await ProbeAsync(HttpProtocols.Http1AndHttp2, ctx =>
        {
            if (ctx.Request.Protocol == "HTTP/2")
            {
                ctx.Abort(); // RST_STREAM / connection error: no status comes back over h2
                return Task.CompletedTask;
            }

            return ctx.Response.WriteAsync("<title>Wiki</title>");
        });

        Assert.All(d.Http.Take(2), a => Assert.Null(a.StatusCode));
        Assert.All(d.Http.Take(2), a => Assert.Contains("HTTP/2", a.Error, StringComparison.Ordinal));
        Assert.Equal(("h2", "http/1.1"), (d.Verdict.ProtocolSplit?.Failing, d.Verdict.ProtocolSplit?.Working));
    }

    [Fact]
    public async Task A_redirect_over_http2_into_the_internal_network_is_still_refused()
    {
        var d = await ProbeAsync(HttpProtocols.Http2, ctx =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
            return Task.CompletedTask;
        }, allowed: ["127.0.0.1/32"]);

        Assert.Equal(VerdictKind.Refused, d.Verdict.Kind);
        Assert.Contains(d.Findings, f => f.Code == "ssrf.redirect-blocked");
        Assert.Equal("h2", d.Http[0].Protocol);
        Assert.All(d.Tcp, t => Assert.Equal("127.0.0.1", t.Address));
    }

    private static async Task<HelpdeskBot.Probes.Diagnosis.Diagnosis> ProbeAsync(HttpProtocols protocols, RequestDelegate app, string[]? allowed = null)
    {
        var now = TimeProvider.System.GetUtcNow();
        using var cert = Certificates.SelfSigned(Name, now.AddDays(-1), now.AddDays(90));
        using var dns = new DnsFixture();
        dns.A(Name, "127.0.0.1");
        await using var server = await LoopbackServer.StartAsync(a => a.Run(app), certificate: cert, protocols: protocols);
        using var host = ProbeHost.Build(
            o =>
            {
                o.SystemResolver = dns.Endpoint;
                o.AllowedPorts = [server.Port];
                if (allowed is not null)
                {
                    o.AllowedNetworks = allowed;
                }
            },
            allowLoopback: allowed is null);
        return await host.DiagnoseAsync($"https://{Name}:{server.Port}/", attempts: 2);
    }
}
