using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Probes.Tests.Hops;

/// <summary>
/// Gateways the fingerprint catalogue has never heard of, served by loopback Kestrel with each standard and vendor
/// header family, single and multi-hop, with and without a body: the verdict names the hop by what it calls itself.
/// </summary>
public sealed class HopScenarioTests
{
    private const string UnknownPage = "<html><head><title>Upstream trouble</title></head><body>Something went wrong.</body></html>";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_gateway_named_only_in_via_is_named_by_what_it_calls_itself(bool withBody)
    {
        var d = await DiagnoseAsync(502, withBody, ("Via", "1.1 gw1.contoso.test (edge-gw/2.1)"));

        Assert.Equal(VerdictKind.UpstreamFailing, d.Verdict.Kind);
        var hop = d.Verdict.AnsweredBy!;
        Assert.Equal(("edge-gw/2.1", HopSource.SelfIdentified, HopRole.Proxy, HopFault.Upstream), (hop.Product, hop.Source, hop.Role, hop.Fault));
        Assert.Contains("Via: 1.1 gw1.contoso.test (edge-gw/2.1)", hop.Evidence, StringComparison.Ordinal);
        Assert.True(d.Verdict.Confidence < 0.9, "a hop outside the catalogue is named at lower confidence");
        Assert.True(d.Verdict.ServerSideFault);
    }

    [Fact]
    public async Task Via_without_a_comment_names_the_hop_by_its_received_by()
    {
        var d = await DiagnoseAsync(504, withBody: false, ("Via", "HTTP/1.1 edge-7.contoso.test:8443"));

        Assert.Equal(VerdictKind.UpstreamFailing, d.Verdict.Kind);
        Assert.Equal("edge-7.contoso.test:8443", d.Verdict.AnsweredBy?.Product);
    }

    [Theory]
    [InlineData("connection_refused", 502, VerdictKind.UpstreamFailing, "the server behind it refused the connection")]
    [InlineData("dns_error", 502, VerdictKind.UpstreamFailing, "could not look up the address of the server behind it")]
    [InlineData("http_response_incomplete", 502, VerdictKind.UpstreamFailing, "sent an incomplete answer")]
    [InlineData("tls_certificate_error", 502, VerdictKind.UpstreamFailing, "refused the certificate of the server behind it")]
    [InlineData("connection_timeout", 504, VerdictKind.UpstreamFailing, "did not accept the connection in time")]
    [InlineData("proxy_configuration_error", 500, VerdictKind.GatewayFault, "it is misconfigured")]
    public async Task Proxy_status_names_the_proxy_and_its_error_in_plain_words(string error, int status, VerdictKind kind, string words)
    {
        var d = await DiagnoseAsync(status, withBody: true, ("Proxy-Status", $"edge-gw; error={error}; next-hop=\"10.1.2.3:8080\""));

        Assert.Equal(kind, d.Verdict.Kind);
        var hop = d.Verdict.AnsweredBy!;
        Assert.Equal(("edge-gw", error, HopSource.SelfIdentified), (hop.Product, hop.ErrorType, hop.Source));
        Assert.Contains(words, hop.Meaning, StringComparison.Ordinal);
        Assert.Contains("Proxy-Status: edge-gw; error=" + error, hop.Evidence, StringComparison.Ordinal);
        Assert.Equal("edge-gw; error=" + error + "; next-hop=\"10.1.2.3:8080\"", d.Http[0].HopHeaders["Proxy-Status"]);
    }

    [Fact]
    public async Task Of_several_hops_the_one_proxy_status_says_failed_produced_the_error_and_the_chain_is_listed()
    {
        var d = await DiagnoseAsync(
            504,
            withBody: true,
            ("Via", "1.1 inner-lb (acme-lb/3.2), 1.1 edge-7 (zcdn/9)"),
            ("Proxy-Status", "acme-lb; error=http_response_timeout, zcdn"),
            ("Server", "zcdn/9"));

        Assert.Equal(VerdictKind.UpstreamFailing, d.Verdict.Kind);
        Assert.Equal(["acme-lb/3.2", "zcdn/9"], d.Verdict.Chain.Select(h => h.Product));
        Assert.Equal("acme-lb/3.2", d.Verdict.AnsweredBy?.Product);
        Assert.Equal("http_response_timeout", d.Verdict.AnsweredBy?.ErrorType);
        Assert.Contains("did not answer in time", d.Verdict.AnsweredBy!.Meaning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_proxy_status_the_hop_nearest_the_site_produced_a_gateway_error()
    {
        var d = await DiagnoseAsync(502, withBody: false, ("Via", "1.1 app-gw (acme-gw/1.4), 1.1 corp-edge (edge-gw/2.1)"));

        Assert.Equal("acme-gw/1.4", d.Verdict.AnsweredBy?.Product);
        Assert.Equal(["acme-gw/1.4", "edge-gw/2.1"], d.Verdict.Chain.Select(h => h.Product));
    }

    [Fact]
    public async Task Cache_status_names_the_cache_that_forwarded_the_request()
    {
        var d = await DiagnoseAsync(502, withBody: true, ("Cache-Status", "\"Edge Cache 7\"; fwd=uri-miss; fwd-status=502, BrowserCache; hit"));

        Assert.Equal(VerdictKind.UpstreamFailing, d.Verdict.Kind);
        Assert.Equal("Edge Cache 7", d.Verdict.AnsweredBy?.Product);
        Assert.Contains("fwd=uri-miss", d.Verdict.AnsweredBy!.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_server_header_outside_the_catalogue_names_the_gateway(bool withBody)
    {
        var d = await DiagnoseAsync(502, withBody, ("Server", "edge-gw/2.1"));

        Assert.Equal(VerdictKind.UpstreamFailing, d.Verdict.Kind);
        Assert.Equal(("edge-gw/2.1", HopRole.Gateway, HopSource.SelfIdentified), (d.Verdict.AnsweredBy?.Product, d.Verdict.AnsweredBy?.Role, d.Verdict.AnsweredBy?.Source));
    }

    [Fact]
    public async Task A_500_with_an_unknown_server_header_is_the_origin_named_by_itself()
    {
        var d = await DiagnoseAsync(500, withBody: true, ("Server", "contoso-app/7"));

        Assert.Equal(VerdictKind.OriginError, d.Verdict.Kind);
        Assert.Equal(("contoso-app/7", HopRole.Origin, HopFault.Origin), (d.Verdict.AnsweredBy?.Product, d.Verdict.AnsweredBy?.Role, d.Verdict.AnsweredBy?.Fault));
    }

    [Theory]
    [InlineData("X-Kong-Request-Id", "6f1b0c3e-5a1d-4d61-8f7e-3b0e6c1d2a9f", "Kong")]
    [InlineData("X-Zuul-Trace-Id", "a1b2c3", "Zuul")]
    [InlineData("X-Acme-Cache", "MISS", "Acme")]
    [InlineData("X-Cache", "MISS from gw-3.contoso.test", "gw-3.contoso.test")]
    public async Task Vendor_request_id_and_cache_header_families_name_the_hop(string header, string value, string named)
    {
        var d = await DiagnoseAsync(503, withBody: false, (header, value));

        Assert.Equal(VerdictKind.UpstreamFailing, d.Verdict.Kind);
        Assert.Equal(named, d.Verdict.AnsweredBy?.Product);
        Assert.Equal(value, d.Http[0].HopHeaders[header]);
    }

    [Fact]
    public async Task Generic_request_ids_name_nobody()
    {
        var d = await DiagnoseAsync(502, withBody: true, ("X-Request-Id", "abc"), ("X-Correlation-Id", "def"));

        Assert.Equal(VerdictKind.OriginError, d.Verdict.Kind);
        Assert.Null(d.Verdict.AnsweredBy);
    }

    [Fact]
    public async Task The_catalogue_keeps_precedence_and_the_chain_still_lists_unknown_hops()
    {
        const string Nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.26.2</center>\r\n</body>\r\n</html>\r\n";
        await using var server = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.StatusCode = 502;
            ctx.Response.Headers.Server = "nginx/1.26.2";
            ctx.Response.Headers.Via = "1.1 corp-edge (edge-gw/2.1)";
            await ctx.Response.WriteAsync(Nginx502);
        }));
        using var host = ProbeHost.Build(o => o.AllowedPorts = [server.Port]);

        var d = await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/", attempts: 2);

        Assert.Equal(("nginx", HopSource.Catalogue), (d.Verdict.AnsweredBy?.Id, d.Verdict.AnsweredBy?.Source));
        Assert.Equal(0.9, d.Verdict.Confidence);
        Assert.Contains(d.Verdict.Chain, h => h.Product == "edge-gw/2.1");
    }

    [Fact]
    public async Task A_working_answer_through_an_unknown_hop_blames_nobody()
    {
        var d = await DiagnoseAsync(200, withBody: true, ("Via", "1.1 corp-edge (edge-gw/2.1)"));

        Assert.Equal(VerdictKind.Healthy, d.Verdict.Kind);
        Assert.Null(d.Verdict.AnsweredBy);
    }

    private static async Task<HelpdeskBot.Probes.Diagnosis.Diagnosis> DiagnoseAsync(int status, bool withBody, params (string Name, string Value)[] headers)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                ctx.Response.Headers[name] = value;
            }

            if (withBody)
            {
                ctx.Response.ContentType = "text/html";
                await ctx.Response.WriteAsync(UnknownPage);
            }
        }));
        using var host = ProbeHost.Build(o => o.AllowedPorts = [server.Port]);
        return await host.DiagnoseAsync($"http://127.0.0.1:{server.Port}/", attempts: 2);
    }
}
