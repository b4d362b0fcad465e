using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Probes.Tests.Diagnosis;

/// <summary>
/// The product the reporter named (their pasted error page, "502 from nginx") is a low-weight tie-breaker: it names
/// the hop only when the failing responses identify none, and never outranks the catalogue or a self-identified hop.
/// </summary>
public sealed class ProductHintTests
{
    private const string BarePage = "<html><body>Bad gateway</body></html>";

    [Fact]
    public async Task A_bare_502_is_put_down_to_the_product_the_report_named_at_lower_confidence()
    {
        await using var server = await ServeAsync(502);

        var hinted = await DiagnoseAsync(server.Port, new ProductHint("nginx"));
        var unhinted = await DiagnoseAsync(server.Port, hint: null);

        Assert.Equal((VerdictKind.UpstreamFailing, "nginx", HopSource.Reported, HopFault.Upstream), (hinted.Verdict.Kind, hinted.Verdict.AnsweredBy?.Product, hinted.Verdict.AnsweredBy?.Source, hinted.Verdict.AnsweredBy?.Fault));
        Assert.Contains("named in the report", hinted.Verdict.AnsweredBy!.Evidence, StringComparison.Ordinal);
        Assert.True(hinted.Verdict.Confidence < 0.6, $"a hop only the reporter named is a weak lead ({hinted.Verdict.Confidence})");
        Assert.All(hinted.Http, a => Assert.Null(a.AnsweredBy)); // the evidence stays what the probes saw
        Assert.Equal((VerdictKind.OriginError, null), (unhinted.Verdict.Kind, unhinted.Verdict.AnsweredBy));
    }

    [Fact]
    public async Task A_hop_that_names_itself_outranks_the_hint()
    {
        await using var server = await ServeAsync(502, ("Via", "1.1 gw1.contoso.test (edge-gw/2.1)"));

        var d = await DiagnoseAsync(server.Port, new ProductHint("Cloudflare"));

        Assert.Equal(("edge-gw/2.1", HopSource.SelfIdentified), (d.Verdict.AnsweredBy?.Product, d.Verdict.AnsweredBy?.Source));
    }

    [Fact]
    public async Task The_catalogue_outranks_the_hint()
    {
        await using var server = await ServeAsync(502, ("Server", "nginx/1.26.2"));

        var d = await DiagnoseAsync(server.Port, new ProductHint("Cloudflare"));

        Assert.Equal(("nginx", HopSource.Catalogue), (d.Verdict.AnsweredBy?.Product, d.Verdict.AnsweredBy?.Source));
    }

    [Theory]
    [InlineData(502, "Vercel")] // not in the catalogue: nothing would say what kind of hop it is
    [InlineData(200, "nginx")] // nothing failed: nobody to blame
    public async Task The_hint_is_left_unused_when_it_cannot_break_a_tie(int status, string product)
    {
        await using var server = await ServeAsync(status);

        var d = await DiagnoseAsync(server.Port, new ProductHint(product));

        Assert.Null(d.Verdict.AnsweredBy);
    }

    private static Task<LoopbackServer> ServeAsync(int status, params (string Name, string Value)[] headers) =>
        LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                ctx.Response.Headers[name] = value;
            }

            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync(BarePage);
        }));

    private static async Task<HelpdeskBot.Probes.Diagnosis.Diagnosis> DiagnoseAsync(int port, ProductHint? hint)
    {
        using var host = ProbeHost.Build(o => o.AllowedPorts = [port]);
        return await host.Diagnoser().DiagnoseAsync(new DiagnosisRequest($"http://127.0.0.1:{port}/", null, 2) { Hint = hint }, null, CancellationToken.None);
    }
}
