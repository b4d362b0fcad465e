using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Probes.Tests.Http;

/// <summary>The probe's own HTTP/1.1 exchange against response shapes real servers send, over real loopback sockets.</summary>
public sealed class Http1ExchangeTests
{
    private const string Page = "<html><head><title>502 Bad Gateway</title></head><body>bad</body></html>";

    private static async Task<HttpAttemptEvidence> ProbeAsync(RawServer server, Action<ProbesOptions>? configure = null)
    {
        using var host = ProbeHost.Build(o => { o.AllowedPorts = [server.Port]; configure?.Invoke(o); });
        var d = await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/wiki?q=1", attempts: 1);
        return Assert.Single(d.Http);
    }

    [Theory]
    [InlineData("content-length", "HTTP/1.1 502 Bad Gateway\r\nServer: nginx\r\nContent-Length: {len}\r\n\r\n" + Page)]
    [InlineData("close-delimited", "HTTP/1.0 502 Bad Gateway\r\nServer: nginx\r\n\r\n" + Page)]
    [InlineData("chunked", "HTTP/1.1 502 Bad Gateway\r\nServer: nginx\r\nTransfer-Encoding: chunked\r\n\r\n10;ext=1\r\n<html><head><tit\r\n{rest}\r\nle>502 Bad Gateway</title></head><body>bad</body></html>\r\n0\r\n\r\n")]
    [InlineData("interim 100 and 103 first", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 502 Bad Gateway\r\nServer: nginx\r\nContent-Length: {len}\r\n\r\n" + Page)]
    [InlineData("bare LF line ends", "HTTP/1.1 502 Bad Gateway\nServer: nginx\nContent-Length: {len}\n\n" + Page)]
    [InlineData("folded field", "HTTP/1.1 502 Bad Gateway\r\nX-Folded: a\r\n b\r\nServer: nginx\r\nContent-Length: {len}\r\n\r\n" + Page)]
    public async Task Each_framing_yields_the_status_headers_and_page(string shape, string response)
    {
        response = response
            .Replace("{len}", Page.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{rest}", (Page.Length - 16).ToString("x", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var server = new RawServer(response);

        var a = await ProbeAsync(server);

        Assert.True(a.StatusCode == 502, $"{shape}: {a.Error}");
        Assert.Equal("nginx", a.HopHeaders["Server"]);
        Assert.Equal("502 Bad Gateway", a.Title);
        Assert.Equal(Page, a.BodySnippet);
    }

    [Fact]
    public async Task The_request_is_one_plain_get_with_host_user_agent_and_close()
    {
        using var server = new RawServer("HTTP/1.1 204 No Content\r\n\r\n");

        await ProbeAsync(server);

        var lines = Assert.Single(server.Requests).Split("\r\n");
        Assert.Equal("GET /wiki?q=1 HTTP/1.1", lines[0]);
        Assert.Contains($"Host: 127.0.0.1:{server.Port}", lines);
        Assert.Contains("Connection: close", lines);
        Assert.Contains(lines, l => l.StartsWith("User-Agent: HelpdeskBot-Probe/", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("traceparent", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("", "closed the connection without answering")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n", "not a valid HTTP response")]
    [InlineData("HTTP/1.1 502 Bad", "in the middle of the response headers")]
    public async Task A_broken_answer_is_a_failed_attempt_with_a_reason(string response, string reason)
    {
        using var server = new RawServer(response);

        var a = await ProbeAsync(server);

        Assert.Null(a.StatusCode);
        Assert.Contains(reason, a.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headers_past_the_cap_are_refused()
    {
        using var server = new RawServer("HTTP/1.1 200 OK\r\nX-Big: " + new string('a', 3000) + "\r\n\r\nok");

        var a = await ProbeAsync(server, o => o.MaxResponseHeadersKiB = 2);

        Assert.Null(a.StatusCode);
        Assert.Contains("exceed the size limit", a.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_through_the_proxy_goes_through_a_connect_tunnel()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var cert = Certificates.SelfSigned("wiki.contoso.test", now.AddDays(-1), now.AddDays(30));
        using var dns = new DnsFixture();
        dns.A("wiki.contoso.test", "127.0.0.1");
        await using var site = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("<title>Wiki</title>")), certificate: cert);
        using var proxy = new RawServer("HTTP/1.1 200 Connection established\r\n\r\n", connectTo: site.Port);
        using var host = ProbeHost.Build(o => { o.SystemResolver = dns.Endpoint; o.AllowedPorts = [site.Port]; o.EgressProxy = $"http://127.0.0.1:{proxy.Port}"; });

        var d = await host.DiagnoseAsync($"https://wiki.contoso.test:{site.Port}/", attempts: 2);

        Assert.Equal(2, d.Http.Count(a => a.Via == "proxy" && a.StatusCode == 200 && a.Title == "Wiki"));
        Assert.All(proxy.Requests, r => Assert.StartsWith($"CONNECT wiki.contoso.test:{site.Port} HTTP/1.1\r\nHost: wiki.contoso.test:{site.Port}", r, StringComparison.Ordinal));
        Assert.Equal(2, proxy.Requests.Count);
        Assert.Equal((0, 0), (d.Proxy!.DirectFailed, d.Proxy.ProxyFailed));
    }

    [Fact]
    public async Task A_proxy_refusing_the_tunnel_is_evidence_against_the_proxy_path()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var cert = Certificates.SelfSigned("wiki.contoso.test", now.AddDays(-1), now.AddDays(30));
        using var dns = new DnsFixture();
        dns.A("wiki.contoso.test", "127.0.0.1");
        await using var site = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("<title>Wiki</title>")), certificate: cert);
        const string Refusal = "<html><head><title>ERROR: The requested URL could not be retrieved</title></head><body>squid</body></html>";
        using var proxy = new RawServer($"HTTP/1.1 503 Service Unavailable\r\nServer: squid/5.7\r\nX-Squid-Error: ERR_CONNECT_FAIL 111\r\nContent-Length: {Refusal.Length}\r\n\r\n{Refusal}", connectTo: site.Port);
        using var host = ProbeHost.Build(o => { o.SystemResolver = dns.Endpoint; o.AllowedPorts = [site.Port]; o.EgressProxy = $"http://127.0.0.1:{proxy.Port}"; });

        var d = await host.DiagnoseAsync($"https://wiki.contoso.test:{site.Port}/", attempts: 2);

        // (The verdict itself is TlsProblem: the site's self-signed certificate outranks the path comparison.)
        Assert.Equal((0, 2, 2, 2), (d.Proxy!.DirectFailed, d.Proxy.DirectTotal, d.Proxy.ProxyFailed, d.Proxy.ProxyTotal));
        Assert.Contains(d.Findings, f => f.Code == "proxy.compare" && f.Severity == FindingSeverity.Error);
        var viaProxy = d.Http.Where(a => a.Via == "proxy").ToArray();
        Assert.Equal(2, viaProxy.Length);
        Assert.All(viaProxy, a => Assert.Equal(503, a.StatusCode));
        Assert.All(viaProxy, a => Assert.Contains("did not open a tunnel", a.Error, StringComparison.Ordinal));
        Assert.All(viaProxy, a => Assert.Equal("squid", a.AnsweredBy?.Id));
    }
}
