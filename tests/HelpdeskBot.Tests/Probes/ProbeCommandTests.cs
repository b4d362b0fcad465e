using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using HelpdeskBot.Diagnoses;
using HelpdeskBot.Probes;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HelpdeskBot.Tests.Probes;

/// <summary>`HelpdeskBot probe` run in-process against a loopback fixture, as table and as JSON.</summary>
public sealed class ProbeCommandTests : IAsyncLifetime
{
    private LoopbackServer _site = null!;

    public async ValueTask InitializeAsync() => _site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
    {
        ctx.Response.StatusCode = 503;
        ctx.Response.Headers["X-Squid-Error"] = "ERR_CONNECT_FAIL 111";
        ctx.Response.Headers.Via = "1.1 proxy.contoso.com (squid/5.7)";
        await ctx.Response.WriteAsync("<title>ERROR: The requested URL could not be retrieved</title>");
    }));

    public async ValueTask DisposeAsync() => await _site.DisposeAsync();

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] extra)
    {
        string[] args =
        [
            "probe", .. extra,
            "--Probes:AllowedNetworks:0=127.0.0.0/8",
            $"--Probes:AllowedPorts:0={_site.Port.ToString(CultureInfo.InvariantCulture)}",
            "--Probes:Resolvers:0=127.0.0.1:9",
            "--Probes:SystemResolver=127.0.0.1:9",
        ];
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await ProbeCli.RunAsync(args, stdout, stderr, interactive: false, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Prints_a_readable_table_without_ansi_codes_when_redirected()
    {
        var (exit, output, _) = await RunAsync($"http://127.0.0.1:{_site.Port}/", "--attempts", "2");

        Assert.Equal(ProbeCli.Problem, exit);
        Assert.Contains("UpstreamFailing", output, StringComparison.Ordinal);
        Assert.Contains("Squid proxy", output, StringComparison.Ordinal);
        Assert.Contains("2 of 2 failed", output, StringComparison.Ordinal);
        Assert.Contains("X-Squid-Error", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_http1_check_of_a_healthy_http2_site_is_named_and_its_headers_are_not_the_last_attempts()
    {
        // The site answers over h2 as edge-h2 and over HTTP/1.1 as edge-h1: the hop headers shown are the attempts'.
        var now = TimeProvider.System.GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var signed = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        using var certificate = X509CertificateLoader.LoadPkcs12(signed.Export(X509ContentType.Pkcs12), null);
        await using var site = await LoopbackServer.StartAsync(
            app => app.Run(ctx =>
            {
                ctx.Response.Headers.Server = ctx.Request.Protocol == "HTTP/2" ? "edge-h2" : "edge-h1";
                return ctx.Response.WriteAsync("<title>Wiki</title>");
            }),
            certificate: certificate,
            protocols: HttpProtocols.Http1AndHttp2);

        var (_, output, _) = await RunAsync($"https://127.0.0.1:{site.Port}/", "--attempts", "2", $"--Probes:AllowedPorts:1={site.Port.ToString(CultureInfo.InvariantCulture)}");

        var lines = output.Split('\n');
        Assert.Equal(2, lines.Count(l => l.Contains("HTTP/2", StringComparison.Ordinal) && l.Contains("direct", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.Contains("HTTP/1.1 check", StringComparison.Ordinal) && l.Contains("HTTP/1.1", StringComparison.Ordinal) && l.Contains("200", StringComparison.Ordinal));
        var start = output.IndexOf("Hop headers (last", StringComparison.Ordinal); // the narrow table wraps its title
        Assert.True(start > 0, output);
        var hopHeaders = output[start..];
        Assert.Contains("edge-h2", hopHeaders, StringComparison.Ordinal);
        Assert.DoesNotContain("edge-h1", hopHeaders, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_prints_the_diagnosis()
    {
        var (exit, output, _) = await RunAsync($"http://127.0.0.1:{_site.Port}/", "--json", "--attempts", "1");

        Assert.Equal(ProbeCli.Problem, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("squid", json.RootElement.GetProperty("verdict").GetProperty("answeredBy").GetProperty("id").GetString());
        Assert.Equal(503, json.RootElement.GetProperty("http")[0].GetProperty("statusCode").GetInt32());
        // Timings are milliseconds; an IP address over http has no DNS and no TLS phase.
        var timings = json.RootElement.GetProperty("http")[0].GetProperty("timings");
        Assert.Equal(JsonValueKind.Number, timings.GetProperty("total").ValueKind);
        Assert.InRange(timings.GetProperty("total").GetDouble(), 0.1, 60_000);
        Assert.Equal(JsonValueKind.Number, timings.GetProperty("connect").ValueKind);
        Assert.Equal(JsonValueKind.Null, timings.GetProperty("tls").ValueKind);
        Assert.Equal(JsonValueKind.Null, timings.GetProperty("dns").ValueKind);
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("duration").ValueKind);
    }

    [Fact]
    public async Task A_product_hint_names_the_hop_only_when_the_answers_name_none()
    {
        // The fixture's Squid names itself (Via, X-Squid-Error): the catalogue wins over what the report said.
        var (exit, output, _) = await RunAsync($"http://127.0.0.1:{_site.Port}/", "--json", "--attempts", "1", "--product", "Cloudflare");
        Assert.Equal(ProbeCli.Problem, exit);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal("squid", json.RootElement.GetProperty("verdict").GetProperty("answeredBy").GetProperty("id").GetString());
        }

        // A bare 502 (nothing names a hop): the hop is the product the report named, as the card says it.
        await using var bare = await LoopbackServer.StartAsync(app => app.Run(ctx =>
        {
            ctx.Response.StatusCode = 502;
            return ctx.Response.WriteAsync("<html><body>Bad gateway</body></html>");
        }));
        (exit, output, _) = await RunAsync($"http://127.0.0.1:{bare.Port}/", "--attempts", "1", "--product", "nginx", $"--Probes:AllowedPorts:1={bare.Port.ToString(CultureInfo.InvariantCulture)}");
        Assert.Equal(ProbeCli.Problem, exit);
        Assert.Contains("nginx (as the report says)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_product_the_catalogue_does_not_list_is_a_usage_error()
    {
        var (exit, output, err) = await RunAsync("wiki.contoso.com", "--product", "Vercel");

        Assert.Equal(ProbeCli.Usage, exit);
        Assert.Contains("'Vercel' is not a product the fingerprint catalogue lists", err, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task A_target_with_a_space_is_a_usage_error_not_a_refusal()
    {
        var (exit, output, err) = await RunAsync("wiki contoso.com");

        Assert.Equal(ProbeCli.Usage, exit);
        Assert.Contains("contains a space", err, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task A_refused_target_exits_3()
    {
        var (exit, output, _) = await RunAsync("http://10.0.0.1/", "--json");

        Assert.Equal(ProbeCli.Refused, exit);
        Assert.Contains("RFC 1918", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_target_is_a_usage_error()
    {
        var (exit, _, err) = await RunAsync();

        Assert.Equal(ProbeCli.Usage, exit);
        Assert.Contains("no target", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_configuration_is_a_usage_error_naming_the_setting()
    {
        var (exit, _, err) = await RunAsync("wiki.contoso.com", "--Probes:AllowedNetworks:1=not-a-cidr");

        Assert.Equal(ProbeCli.Usage, exit);
        Assert.Contains("Probes:AllowedNetworks", err, StringComparison.Ordinal);
    }
}
