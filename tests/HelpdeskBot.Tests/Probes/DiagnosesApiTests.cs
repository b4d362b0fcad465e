using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HelpdeskBot.Tests.Probes;

/// <summary>POST /api/diagnoses through the whole host, probing a loopback fixture that answers nginx's 502.</summary>
public sealed class DiagnosesApiTests : IAsyncLifetime
{
    private const string Key = "test-key-7f3a9c";
    private LoopbackServer _site = null!;

    public async ValueTask InitializeAsync() => _site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
    {
        ctx.Response.StatusCode = 502;
        ctx.Response.Headers.Server = "nginx/1.22.1";
        await ctx.Response.WriteAsync("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n");
    }));

    public async ValueTask DisposeAsync() => await _site.DisposeAsync();

    private WebApplicationFactory<Program> Factory(int permits = 100, int? otherPort = null, string? deskLanguage = null) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        if (deskLanguage is not null)
        {
            b.UseSetting("Tickets:Language", deskLanguage);
        }

        if (otherPort is { } port)
        {
            b.UseSetting("Probes:AllowedPorts:1", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        b.UseSetting("Diagnoses:ApiKeys:0", Key);
        b.UseSetting("Diagnoses:PermitsPerMinute", permits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.UseSetting("Probes:AllowedNetworks:0", "127.0.0.0/8");
        b.UseSetting("Probes:AllowedPorts:0", _site.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.UseSetting("Probes:Resolvers:0", "127.0.0.1:9");
        b.UseSetting("Probes:SystemResolver", "127.0.0.1:9");
        b.UseSetting("Probes:PerUserPerMinute", "0");
        b.UseSetting("Probes:PerTargetPerMinute", "0");
    });

    private static HttpRequestMessage Post(object body, string? key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/diagnoses") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }

    [Fact]
    public async Task Without_a_key_the_api_answers_401()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(Post(new { target = _site.BaseAddress.ToString() }, key: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_key_answers_401()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(Post(new { target = _site.BaseAddress.ToString() }, key: "test-key-7f3a9d"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_valid_key_gets_the_diagnosis_json()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(Post(new { target = $"http://127.0.0.1:{_site.Port}/wiki", attempts = 2 }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var verdict = json.RootElement.GetProperty("verdict");
        Assert.Equal("UpstreamFailing", verdict.GetProperty("kind").GetString());
        Assert.Equal(502, verdict.GetProperty("statusCode").GetInt32());
        Assert.Equal("nginx", verdict.GetProperty("answeredBy").GetProperty("id").GetString());
        Assert.Equal(2, verdict.GetProperty("totalAttempts").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("http").GetArrayLength());
    }

    [Fact]
    public async Task A_refused_target_answers_422_with_a_plain_reason()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(Post(new { target = "http://169.254.169.254/latest/meta-data/" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var verdict = json.RootElement.GetProperty("verdict");
        Assert.Equal("Refused", verdict.GetProperty("kind").GetString());
        Assert.Contains("metadata", verdict.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_that_is_not_a_web_address_is_explained_in_the_help_desks_language_with_its_codes_unchanged()
    {
        await using var factory = Factory(deskLanguage: "fr");
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(Post(new { target = "ftp://files.contoso.com/report" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var verdict = json.RootElement.GetProperty("verdict");
        var refusal = json.RootElement.GetProperty("findings")[json.RootElement.GetProperty("findings").GetArrayLength() - 1];
        var fr = DeskTexts.For("fr").Catalogue;

        // For the caller (an admin or the help desk): the reason in Tickets:Language, from the catalogue.
        Assert.Equal(fr.Format("FindingTargetInvalid", fr.Format("TargetWhy_Scheme", "ftp")), verdict.GetProperty("reason").GetString());
        Assert.Equal("fr", verdict.GetProperty("reasonLanguage").GetString());

        // For scripts: the codes and the English sentence as before.
        Assert.Equal(("Refused", "target.invalid", "scheme"), (verdict.GetProperty("kind").GetString(), refusal.GetProperty("code").GetString(), refusal.GetProperty("values").GetProperty("reason").GetString()));
        Assert.Equal("Only http and https addresses can be probed, not 'ftp'.", verdict.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_product_a_reporters_error_page_named_names_a_hop_the_answers_do_not_name()
    {
        // A bare 502: no Server header, no Via, nothing the catalogue knows. The operator passes what the user's page said.
        await using var bare = await LoopbackServer.StartAsync(app => app.Run(ctx =>
        {
            ctx.Response.StatusCode = 502;
            return ctx.Response.WriteAsync("<html><body>Bad gateway</body></html>");
        }));
        await using var factory = Factory(otherPort: bare.Port);
        using var client = factory.CreateClient();
        var target = $"http://127.0.0.1:{bare.Port}/";

        using var hinted = await client.SendAsync(Post(new { target, attempts = 1, product = "CLOUDFLARE" }));
        using var unhinted = await client.SendAsync(Post(new { target, attempts = 1 }));

        Assert.Equal(HttpStatusCode.OK, hinted.StatusCode);
        using var json = JsonDocument.Parse(await hinted.Content.ReadAsStringAsync());
        var verdict = json.RootElement.GetProperty("verdict");
        Assert.Equal(("Cloudflare", "reported"), (verdict.GetProperty("answeredBy").GetProperty("product").GetString(), verdict.GetProperty("answeredBy").GetProperty("source").GetString()?.ToLowerInvariant()));
        Assert.Contains("Cloudflare (as the report says)", verdict.GetProperty("summary").GetString(), StringComparison.Ordinal);
        using var plain = JsonDocument.Parse(await unhinted.Content.ReadAsStringAsync());
        Assert.False(plain.RootElement.GetProperty("verdict").TryGetProperty("answeredBy", out _));
    }

    [Fact]
    public async Task A_product_the_catalogue_does_not_list_answers_400_naming_the_known_ones()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(Post(new { target = $"http://127.0.0.1:{_site.Port}/", product = "Vercel" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("'Vercel' is not a product the fingerprint catalogue lists", problem, StringComparison.Ordinal);
        Assert.Contains("nginx", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"target\": \"\"}")]
    [InlineData("{\"target\": \"wiki.contoso.com\", \"attempts\": 0}")]
    [InlineData("not json")]
    public async Task Bad_requests_answer_400(string body)
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/diagnoses") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", Key);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Past_the_rate_limit_the_api_answers_429()
    {
        await using var factory = Factory(permits: 2);
        using var client = factory.CreateClient();
        var target = new { target = $"http://127.0.0.1:{_site.Port}/", attempts = 1 };

        using var first = await client.SendAsync(Post(target));
        using var second = await client.SendAsync(Post(target));
        using var third = await client.SendAsync(Post(target));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }
}
