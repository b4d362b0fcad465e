using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>/dashboard and /api/dashboard over a week seeded into the real SQLite stores.</summary>
public sealed class DashboardTests : IClassFixture<DashboardTests.SeededHost>
{
    private readonly SeededHost _host;

    public DashboardTests(SeededHost host) => _host = host;

    [Fact]
    public async Task Json_figures_describe_the_seeded_week()
    {
        using var client = _host.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", ShipHost.AdminKey);
        using var response = await client.GetAsync("api/dashboard");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var f = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(6, f["reports"]!.GetValue<int>());
        Assert.Equal(0.75, f["deflectionRate"]!.GetValue<double>(), 6);
        Assert.Equal(600, f["medianSecondsToFix"]!.GetValue<double>(), 6);
        Assert.Equal("""{"open":1,"resolved":3,"escalated":1,"abandoned":1,"cancelled":0}""", f["outcomes"]!.ToJsonString());
        Assert.Equal(
            ["wiki.contoso.com=3", "crm.contoso.com=1", "hr.contoso.com=1", "mail.contoso.com=1"],
            f["reportsPerTarget"]!.AsArray().Select(k => $"{k!["key"]}={k["count"]}"));
        Assert.Equal(
            ["Healthy=2", "DnsFailure=1", "TlsProblem=1", "UpstreamFailing=1", "not diagnosed=1"],
            f["verdicts"]!.AsArray().Select(k => $"{k!["key"]}={k["count"]}"));
        var open = f["openEscalations"]!;
        Assert.Equal((1, 0, 1, 1, 3), (open["pending"]!.GetValue<int>(), open["inProgress"]!.GetValue<int>(), open["parked"]!.GetValue<int>(), open["openEmbeddedTickets"]!.GetValue<int>(), open["total"]!.GetValue<int>()));
        var days = f["perDay"]!.AsArray();
        Assert.Equal(7, days.Count);
        Assert.Equal("2026-11-19", days[0]!["date"]!.GetValue<string>());
        Assert.Equal("""{"date":"2026-11-24","reports":2,"resolved":1,"escalated":1}""", days[5]!.ToJsonString());
        Assert.False(f["truncated"]!.GetValue<bool>());
    }

    /// <summary>The figures of <see cref="DashboardSeed.WriteIncidentsAsync"/>.</summary>
    private const string SeededIncidents =
        """{"opened":6,"notTaken":1,"notResolved":3,"timeToTake":{"count":4,"medianSeconds":900,"p90Seconds":2400},"timeToResolve":{"count":3,"medianSeconds":3600,"p90Seconds":5400}}""";

    [Fact]
    public async Task Json_and_page_give_the_help_desk_time_to_take_and_time_to_resolve()
    {
        using var client = _host.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", ShipHost.AdminKey);
        var f = JsonNode.Parse(await client.GetStringAsync("api/dashboard"))!;
        Assert.Equal(SeededIncidents, f["incidents"]!.ToJsonString());

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("dashboard"));
        Assert.Contains("""<div class="tile" id="time-to-take"><div class="n">15 min</div><div class="l">median time to take · p90 40 min · 4 incidents</div></div>""", html, StringComparison.Ordinal);
        Assert.Contains("""<div class="tile" id="time-to-resolve"><div class="n">1 h 00 min</div><div class="l">median time to resolve · p90 1 h 30 min · 3 incidents</div></div>""", html, StringComparison.Ordinal);
        Assert.Contains("""<div class="tile" id="not-taken"><div class="n">1</div><div class="l">of 6 incidents not taken yet</div></div>""", html, StringComparison.Ordinal);
        Assert.Contains("""<div class="tile" id="not-resolved"><div class="n">3</div><div class="l">of 6 incidents not resolved yet</div></div>""", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Time_to_take_and_time_to_resolve_are_the_same_on_PostgreSQL()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("the dashboard's incident times on PostgreSQL");
        await using var host = new ShipHost(
            new Dictionary<string, string?> { ["Storage:Provider"] = "Postgres", ["Storage:Postgres:ConnectionString"] = database.ConnectionString },
            s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(DashboardSeed.Now)));
        host.StartServer();
        await DashboardSeed.WriteIncidentsAsync(host.Services.GetRequiredService<IIncidentStore>(), host.Services.GetRequiredService<IHelpdeskStore>());
        using var client = new HttpClient { BaseAddress = host.KestrelAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", ShipHost.AdminKey);
        var f = JsonNode.Parse(await client.GetStringAsync("api/dashboard"))!;
        Assert.Equal(SeededIncidents, f["incidents"]!.ToJsonString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("X-Api-Key: wrong-key-wrong-key-wrong-key-wrong-key")]
    [InlineData("Basic: ada:not-the-key")]
    public async Task Dashboard_refuses_a_request_without_a_valid_key(string? credential)
    {
        using var client = _host.Client();
        if (credential?.StartsWith("X-Api-Key: ", StringComparison.Ordinal) == true)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", credential["X-Api-Key: ".Length..]);
        }
        else if (credential?.StartsWith("Basic: ", StringComparison.Ordinal) == true)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential["Basic: ".Length..])));
        }

        foreach (var path in new[] { "dashboard", "api/dashboard" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.DoesNotContain("wiki.contoso.com", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Browser_signs_in_with_Basic_and_sees_the_figures_and_charts()
    {
        var chromium = Prerequisite.Require("HB_CHROMIUM", "headless Chromium renders the dashboard");
        await using var browser = await AgentBrowser.OpenAsync(chromium, "ada", ShipHost.AdminKey);
        var page = browser.Page;
        var response = await page.GotoAsync(new Uri(_host.Address, "dashboard").ToString());
        Assert.Equal(200, response!.Status);

        Assert.Equal("6", await page.InnerTextAsync("#reports .n"));
        Assert.Equal("75%", await page.InnerTextAsync("#deflection .n"));
        Assert.Equal("10 min", await page.InnerTextAsync("#median-fix .n"));
        Assert.Equal("3", await page.InnerTextAsync("#open-escalations .n"));
        Assert.Equal(4, await page.Locator("section svg").CountAsync());
        Assert.Contains("wiki.contoso.com", await page.InnerTextAsync("#targets"), StringComparison.Ordinal);
        // The chart bars really are drawn: one per day with reports, per target, per verdict.
        Assert.Equal(4, await page.Locator("#targets svg rect").CountAsync());
        Assert.Equal(5, await page.Locator("#verdicts svg rect").CountAsync());
        var box = await page.Locator("#per-day svg").BoundingBoxAsync();
        Assert.True(box is { Width: > 400, Height: > 150 });

        var screenshot = await browser.ScreenshotAsync("dashboard.png");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }

    /// <summary>The bot on Kestrel (so a browser can reach it), clock at <see cref="DashboardSeed.Now"/>, seeded once.</summary>
    public sealed class SeededHost : IAsyncLifetime
    {
        private ShipHost? _factory;

        public Uri Address => _factory!.KestrelAddress;

        public HttpClient Client() => new() { BaseAddress = Address };

        public async ValueTask InitializeAsync()
        {
            _factory = new ShipHost(services: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(DashboardSeed.Now)));
            _factory.StartServer();
            var services = _factory.Services;
            await DashboardSeed.WriteAsync(
                services.GetRequiredService<ICaseStore>(),
                services.GetRequiredService<IOutboxStore>(),
                services.GetRequiredService<IEmbeddedTicketStore>());
            await DashboardSeed.WriteIncidentsAsync(services.GetRequiredService<IIncidentStore>(), services.GetRequiredService<IHelpdeskStore>());
        }

        public async ValueTask DisposeAsync()
        {
            if (_factory is not null)
            {
                await _factory.DisposeAsync();
            }
        }
    }
}
