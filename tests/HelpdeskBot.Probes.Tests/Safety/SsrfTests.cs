using System.Net;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Safety;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Probes.Tests.Safety;

/// <summary>
/// The SSRF matrix against real listeners that count connections: every refused target is refused with a
/// finding and the listener sees no connection. Non-loopback destinations (169.254.169.254) are refused by the
/// guard before any socket exists; AddressGuardTests covers every range without sockets.
/// </summary>
public sealed class SsrfTests
{
    [Theory]
    [InlineData("http://127.0.0.1:{0}/")]
    [InlineData("http://2130706433:{0}/")]
    [InlineData("http://0x7f000001:{0}/")]
    [InlineData("http://0x7f.0.0.1:{0}/")]
    [InlineData("http://0177.0.0.1:{0}/")]
    [InlineData("http://127.1:{0}/")]
    [InlineData("http://[::ffff:127.0.0.1]:{0}/")]
    [InlineData("http://[::ffff:7f00:1]:{0}/")]
    public async Task Loopback_in_any_notation_is_refused_by_default_and_never_connected(string template)
    {
        using var listener = new CountingListener(IPAddress.Loopback);
        using var host = ProbeHost.Build(o => o.AllowedPorts = [listener.Port], allowLoopback: false);

        var d = await host.DiagnoseAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, listener.Port));

        Assert.Equal(VerdictKind.Refused, d.Verdict.Kind);
        Assert.Contains(d.Findings, f => f.Code == "ssrf.blocked");
        Assert.Contains("loopback", d.Verdict.Detail, StringComparison.Ordinal);
        Assert.Equal(0, listener.Connections);
    }

    [Fact]
    public async Task Ipv6_loopback_is_refused_and_never_connected()
    {
        using var listener = new CountingListener(IPAddress.IPv6Loopback);
        using var host = ProbeHost.Build(o => o.AllowedPorts = [listener.Port], allowLoopback: false);

        var d = await host.DiagnoseAsync($"http://[::1]:{listener.Port}/");

        Assert.Equal(VerdictKind.Refused, d.Verdict.Kind);
        Assert.Equal(0, listener.Connections);
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_and_never_connected()
    {
        using var listener = new CountingListener(IPAddress.Loopback);
        using var dns = new DnsFixture();
        dns.A("innocent.contoso.test", "127.0.0.1");
        using var host = ProbeHost.Build(o => { o.SystemResolver = dns.Endpoint; o.AllowedPorts = [listener.Port]; }, allowLoopback: false);

        var d = await host.DiagnoseAsync($"http://innocent.contoso.test:{listener.Port}/");

        Assert.Equal(VerdictKind.Refused, d.Verdict.Kind);
        Assert.Contains("resolves to 127.0.0.1", d.Verdict.Detail, StringComparison.Ordinal);
        Assert.Equal(0, listener.Connections);
    }

    [Fact]
    public async Task A_port_outside_the_allow_list_is_refused_and_never_connected()
    {
        using var listener = new CountingListener(IPAddress.Loopback);
        using var host = ProbeHost.Build();

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{listener.Port}/");

        Assert.Equal(VerdictKind.Refused, d.Verdict.Kind);
        Assert.Contains(d.Findings, f => f.Code == "ssrf.port");
        Assert.Contains("Probes:AllowedPorts", d.Verdict.Detail, StringComparison.Ordinal);
        Assert.Equal(0, listener.Connections);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/", "metadata", "169.254.169.254/32", AddressRangeKind.CloudMetadata)]
    [InlineData("http://[::ffff:a9fe:a9fe]/latest/meta-data/", "metadata", "169.254.169.254/32", AddressRangeKind.CloudMetadata)]
    [InlineData("http://10.0.0.1/", "RFC 1918", "10.0.0.0/8", AddressRangeKind.Private)]
    [InlineData("http://0/", "unspecified", "0.0.0.0/8", AddressRangeKind.Unspecified)]
    public async Task A_redirect_to_an_internal_address_is_refused_before_any_connection(string location, string reason, string cidr, AddressRangeKind kind)
    {
        var d = await DiagnoseRedirectingToAsync(location);

        Assert.Equal(VerdictKind.Refused, d.Verdict.Kind);
        Assert.Contains(d.Findings, f => f.Code == "ssrf.redirect-blocked");
        Assert.Contains(reason, d.Verdict.Detail, StringComparison.Ordinal);
        Assert.All(d.Tcp, t => Assert.Equal("127.0.0.1", t.Address));
        Assert.Single(d.Http);

        // The refusal's facts, for readers who word it: the address and the range it is in, by CIDR and kind.
        var refusal = d.Findings[^1];
        Assert.Equal(FindingKind.RefusedRedirect, refusal.Kind);
        Assert.Equal("address", refusal.Values!.Reason);
        Assert.Equal([cidr], refusal.Values.Names);
        Assert.Equal(kind, AddressRanges.KindOf(refusal.Values.Names![0]));
    }

    [Theory]
    [InlineData("ftp://files.contoso.test/report", "scheme", null)]
    [InlineData("http://user:secret@127.0.0.1/", "credentials", null)]
    [InlineData("http://127.0.0.1:9/", "port", 9)]
    public async Task A_redirect_refused_for_another_reason_keeps_its_kind_and_facts(string location, string reason, int? port)
    {
        var d = await DiagnoseRedirectingToAsync(location);

        var refusal = d.Findings[^1];
        Assert.Equal((VerdictKind.Refused, FindingKind.RefusedRedirect), (d.Verdict.Kind, refusal.Kind));
        Assert.Equal((reason, port), (refusal.Values!.Reason, refusal.Values.Port));
        Assert.DoesNotContain(refusal.Values.Names ?? [], n => n.Contains("secret", StringComparison.Ordinal));
    }

    /// <summary>Diagnoses a loopback site whose every answer is a 302 to <paramref name="location"/>.</summary>
    private static async Task<HelpdeskBot.Probes.Diagnosis.Diagnosis> DiagnoseRedirectingToAsync(string location)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = location;
            return Task.CompletedTask;
        }));
        using var host = ProbeHost.Build(o => { o.AllowedNetworks = ["127.0.0.1/32"]; o.AllowedPorts = [server.Port]; }, allowLoopback: false);
        return await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/login");
    }

    [Fact]
    public async Task A_redirect_to_a_name_resolving_to_a_refused_address_never_connects()
    {
        using var listener = new CountingListener(IPAddress.Parse("127.0.0.2"));
        using var dns = new DnsFixture();
        dns.A("internal.contoso.test", "127.0.0.2");
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx =>
        {
            ctx.Response.Redirect($"http://internal.contoso.test:{listener.Port}/admin");
            return Task.CompletedTask;
        }));
        using var host = ProbeHost.Build(o =>
        {
            o.SystemResolver = dns.Endpoint;
            o.AllowedNetworks = ["127.0.0.1/32"];
            o.AllowedPorts = [server.Port, listener.Port];
        }, allowLoopback: false);

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/");

        Assert.Equal(VerdictKind.Refused, d.Verdict.Kind);
        Assert.Contains("127.0.0.2", d.Verdict.Detail, StringComparison.Ordinal);
        Assert.Equal(0, listener.Connections);
    }

    [Fact]
    public async Task Dns_rebinding_cannot_move_the_attempts_to_another_address()
    {
        // First answer: the allowed 127.0.0.1; every later answer: 127.0.0.2 (not allowed). The probe resolves once
        // and pins, so all five attempts reach 127.0.0.1 and the 127.0.0.2 listener on the same port sees nothing.
        var requests = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx =>
        {
            Interlocked.Increment(ref requests);
            return ctx.Response.WriteAsync("ok");
        }));
        using var rebound = new CountingListener(IPAddress.Parse("127.0.0.2"), server.Port);
        using var dns = new DnsFixture();
        dns.Changing("rebind.contoso.test", n => n == 0 ? "127.0.0.1" : "127.0.0.2");
        using var host = ProbeHost.Build(o =>
        {
            o.SystemResolver = dns.Endpoint;
            o.AllowedNetworks = ["127.0.0.1/32"];
            o.AllowedPorts = [server.Port];
        }, allowLoopback: false);

        var d = await host.DiagnoseAsync($"http://rebind.contoso.test:{server.Port}/");

        Assert.Equal(VerdictKind.Healthy, d.Verdict.Kind);
        Assert.Equal(5, requests);
        Assert.Equal(0, rebound.Connections);
        Assert.Equal(1, dns.Queries("rebind.contoso.test"));
    }

    [Fact]
    public async Task Dns_rebinding_to_a_refused_address_first_is_refused()
    {
        using var listener = new CountingListener(IPAddress.Parse("127.0.0.2"));
        using var dns = new DnsFixture();
        dns.Changing("rebind.contoso.test", n => n == 0 ? "127.0.0.2" : "127.0.0.1");
        using var host = ProbeHost.Build(o =>
        {
            o.SystemResolver = dns.Endpoint;
            o.AllowedNetworks = ["127.0.0.1/32"];
            o.AllowedPorts = [listener.Port];
        }, allowLoopback: false);

        var d = await host.DiagnoseAsync($"http://rebind.contoso.test:{listener.Port}/");

        Assert.Equal(VerdictKind.Refused, d.Verdict.Kind);
        Assert.Equal(0, listener.Connections);
    }
}
