using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Fingerprints;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Probes.Tests.Fingerprints;

/// <summary>
/// One loopback Kestrel server answers, under /fp/{id}, each catalogue entry's example: the product's real
/// error page and headers. The theory probes each one and expects that entry to be named.
/// </summary>
public sealed class FingerprintCatalogueTests : IAsyncLifetime
{
    private static readonly FingerprintCatalogue Catalogue = FingerprintCatalogue.Load(null);
    private LoopbackServer _server = null!;

    public static TheoryData<string> EntriesWithExamples()
    {
        var data = new TheoryData<string>();
        foreach (var e in Catalogue.Entries.Where(e => e.Example is not null))
        {
            data.Add(e.Id);
        }

        return data;
    }

    public async ValueTask InitializeAsync() => _server = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
    {
        var id = ctx.Request.Path.Value!["/fp/".Length..];
        var example = Catalogue.Entries.Single(e => e.Id == id).Example!;
        ctx.Response.StatusCode = example.Status;
        foreach (var (name, value) in example.Headers)
        {
            ctx.Response.Headers[name] = value;
        }

        await ctx.Response.WriteAsync(example.Body);
    }));

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(EntriesWithExamples))]
    public async Task Names_the_hop_that_produced_each_error_page(string id)
    {
        using var host = ProbeHost.Build(o => o.AllowedPorts = [_server.Port]);
        var diagnosis = await host.DiagnoseAsync($"http://127.0.0.1:{_server.Port}/fp/{id}", attempts: 2);

        var entry = Catalogue.Entries.Single(e => e.Id == id);
        Assert.Equal(id, diagnosis.Verdict.AnsweredBy?.Id);
        Assert.Equal(entry.Example!.Status, diagnosis.Verdict.StatusCode);
        var expected = entry.Fault switch
        {
            HopFault.Upstream => VerdictKind.UpstreamFailing,
            HopFault.Self => VerdictKind.GatewayFault,
            HopFault.Origin => VerdictKind.OriginError,
            _ => VerdictKind.Healthy, // identification only: the example is a working page behind that product
        };
        Assert.Equal(expected, diagnosis.Verdict.Kind);
        Assert.Equal(entry.Fault != HopFault.None, diagnosis.Verdict.ServerSideFault);
        Assert.Equal(HopSource.Catalogue, diagnosis.Verdict.AnsweredBy!.Source);
        Assert.Equal(entry.Fault, diagnosis.Verdict.AnsweredBy.Fault);

        // What matched travels as facts, one marker per rule of the entry (headers, then title, then text); the
        // English evidence says the same for operators.
        var markers = diagnosis.Verdict.AnsweredBy.Markers;
        Assert.NotNull(markers);
        HopMarkerKind[] kinds = [.. entry.Headers.Select(_ => HopMarkerKind.Header), .. entry.Title is null ? [] : new[] { HopMarkerKind.Title }, .. entry.Body is null ? [] : new[] { HopMarkerKind.Body }];
        Assert.Equal(kinds, markers.Select(m => m.Kind));
        Assert.Equal(entry.Headers.Select(h => h.Header), markers.Where(m => m.Kind == HopMarkerKind.Header).Select(m => m.Name!));
        foreach (var m in markers)
        {
            Assert.Contains(m.Value, diagnosis.Verdict.AnsweredBy.Evidence, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_entry_carries_an_example_the_tests_serve()
    {
        Assert.Empty(Catalogue.Entries.Where(e => e.Example is null).Select(e => e.Id));
    }

    [Fact]
    public void Catalogue_covers_the_required_products()
    {
        var products = Catalogue.Entries.Where(e => e.Example is not null).Select(e => e.Product).ToHashSet();
        foreach (var required in new[] { "nginx", "Apache httpd", "HAProxy", "Envoy", "Traefik", "Cloudflare", "AWS Application Load Balancer", "Amazon CloudFront", "Azure Front Door", "Azure Application Gateway", "Akamai", "Fastly", "Varnish", "Squid proxy", "IIS with Application Request Routing" })
        {
            Assert.Contains(required, products);
        }
    }

    [Fact]
    public void Cloudflare_tells_origin_unreachable_from_its_own_fault()
    {
        Assert.Equal(HopFault.Upstream, Catalogue.FaultOf("cloudflare-522"));
        Assert.Equal(HopFault.Upstream, Catalogue.FaultOf("cloudflare-origin-5xx"));
        Assert.Equal(HopFault.Self, Catalogue.FaultOf("cloudflare-self"));
    }

    [Fact]
    public void A_new_entry_is_data_only_and_comes_first()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                { "entries": [ { "id": "acme-edge", "product": "Acme Edge", "role": "cdn", "fault": "upstream",
                  "meaning": "Acme's edge cannot reach the origin", "status": [502], "headers": { "Server": "^acme-edge" } } ] }
                """);
            var catalogue = FingerprintCatalogue.Load(path);
            var hop = catalogue.Match(502, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["server"] = "acme-edge/2" }, null, "<center>nginx</center>");
            Assert.Equal("acme-edge", hop?.Id);
            Assert.Contains("Server: acme-edge/2", hop!.Evidence, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{ "entries": [ { "id": "x", "product": "X", "role": "router", "fault": "upstream", "meaning": "m", "body": "a" } ] }""", "role")]
    [InlineData("""{ "entries": [ { "id": "x", "product": "X", "role": "cdn", "fault": "upstream", "meaning": "m" } ] }""", "at least one")]
    [InlineData("""{ "entries": [ { "id": "x", "product": "X", "role": "cdn", "fault": "upstream", "meaning": "m", "body": "(" } ] }""", "regular expression")]
    public void A_broken_entry_fails_loudly_naming_it(string json, string reason)
    {
        var e = Assert.Throws<InvalidDataException>(() => FingerprintCatalogue.Parse(json, "test.json"));
        Assert.Contains("'x'", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
