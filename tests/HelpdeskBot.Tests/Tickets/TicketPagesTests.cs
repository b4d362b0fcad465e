using System.Net;
using HelpdeskBot.Tests.Shipping;
using HelpdeskBot.Testing;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Outbox;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tests.Tickets;

/// <summary>The agents' pages as a working place: the ticket as HTML with its incident, shared navigation, dashboard links to filtered tickets.</summary>
public sealed class TicketPagesTests : IClassFixture<TicketPagesTests.SeededHost>
{
    public const string ReaderKey = "tickets-reader-key-0123456789abcdefghij";
    public const string DashboardKey = "dashboard-only-key-0123456789abcdefghij";
    private readonly SeededHost _host;

    public TicketPagesTests(SeededHost host) => _host = host;

    [Fact]
    public async Task Ticket_page_shows_the_description_as_html_with_its_incident_and_encodes_everything()
    {
        using var client = Client(ShipHost.AdminKey);

        using var response = await client.GetAsync($"tickets/{_host.Ticket.Number}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.DoesNotContain("<pre>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>What is wrong</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Steps tried</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Hard refresh</td><td>Still broken</td>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>The user wrote:</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://teams.microsoft.com/l/message/19:abc/1700000000000\">", html, StringComparison.Ordinal);
        // What the user wrote is text, wherever it appears.
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("2: Ada Lovelace, Grace Hopper", html, StringComparison.Ordinal);
        Assert.Contains("also affected", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ShipHost.AdminKey, "tickets", true, true)]
    [InlineData(ReaderKey, "tickets", false, true)]
    [InlineData(ShipHost.AdminKey, "dashboard", true, true)]
    [InlineData(DashboardKey, "dashboard", true, false)]
    public async Task Navigation_links_the_pages_the_key_may_open(string key, string path, bool dashboard, bool tickets)
    {
        using var client = Client(key);

        var html = await client.GetStringAsync(path);

        Assert.Equal(dashboard, html.Contains("<a href=\"/dashboard\"", StringComparison.Ordinal));
        Assert.Equal(tickets, html.Contains("<a href=\"/tickets\"", StringComparison.Ordinal));
        Assert.Equal(tickets, html.Contains("<a href=\"/tickets?open=true\"", StringComparison.Ordinal));
        Assert.Contains("aria-current=\"page\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_rows_link_to_the_tickets_of_their_target()
    {
        using var client = Client(ShipHost.AdminKey);

        var dashboard = await client.GetStringAsync("dashboard");
        var filtered = await client.GetStringAsync("tickets?target=wiki.contoso.com");
        var open = await client.GetStringAsync("tickets?open=true&target=&status=");

        Assert.Contains("<a href=\"/tickets?target=wiki.contoso.com\">", dashboard, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/tickets?open=true\">", dashboard, StringComparison.Ordinal);
        Assert.Contains(">2 tickets found. Filtered by Target: wiki.contoso.com.<", filtered, StringComparison.Ordinal);
        Assert.Contains(_host.Ticket.Number, filtered, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Other.Number, filtered, StringComparison.Ordinal);
        Assert.Contains(">3 tickets found. Filtered by open only.<", open, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browser_shows_the_ticket_page()
    {
        var chromium = Prerequisite.Require("HB_CHROMIUM", "headless Chromium renders the ticket page");
        await using var browser = await AgentBrowser.OpenAsync(chromium, "ada", ShipHost.AdminKey);
        var page = browser.Page;
        var response = await page.GotoAsync(new Uri(_host.Address, $"tickets/{_host.Ticket.Number}").ToString());
        Assert.Equal(200, response!.Status);

        Assert.Equal(["What is wrong", "Probe evidence", "Steps tried"], await page.Locator("#description .doc h2").AllInnerTextsAsync());
        Assert.Equal(1, await page.Locator("#description table").CountAsync());
        Assert.Contains("Grace Hopper", await page.InnerTextAsync("#incident"), StringComparison.Ordinal);
        Assert.Equal("Tickets", await page.InnerTextAsync("nav a[href='/tickets']"));

        var screenshot = await browser.ScreenshotAsync("ticket-page.png");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }

    private HttpClient Client(string key)
    {
        var client = _host.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>The dashboard's week, plus an embedded ticket made as the provider makes it, with its incident.</summary>
    public sealed class SeededHost : IAsyncLifetime
    {
        private ShipHost? _factory;

        public Uri Address => _factory!.KestrelAddress;

        public EmbeddedTicket Ticket { get; private set; } = null!;

        public EmbeddedTicket Other { get; private set; } = null!;

        public string IncidentId { get; private set; } = null!;

        /// <summary>Stands in for the Conversations desk: the pages are tested for what they ask of it.</summary>
        public RecordingIncidentDesk Desk { get; } = new();

        public HttpClient Client() => new() { BaseAddress = Address };

        public async ValueTask InitializeAsync()
        {
            _factory = new ShipHost(
                new Dictionary<string, string?>
                {
                    ["Admin:ApiKeys:1:Key"] = ReaderKey,
                    ["Admin:ApiKeys:1:Scopes:0"] = "tickets.read",
                    ["Admin:ApiKeys:2:Key"] = DashboardKey,
                    ["Admin:ApiKeys:2:Scopes:0"] = "dashboard",
                    ["Tickets:Outbox:Enabled"] = "false",
                },
                s =>
                {
                    s.AddSingleton<TimeProvider>(new FakeTimeProvider(DashboardSeed.Now));
                    s.AddSingleton<IIncidentDesk>(Desk);
                });
            _factory.StartServer();
            var services = _factory.Services;
            var tickets = services.GetRequiredService<IEmbeddedTicketStore>();
            await DashboardSeed.WriteAsync(services.GetRequiredService<ICaseStore>(), services.GetRequiredService<IOutboxStore>(), tickets);

            var lead = Escalation("esc-page-lead", "29:ada", "Ada Lovelace");
            Ticket = await tickets.CreateAsync(
                new NewEmbeddedTicket("HD", lead.EscalationId, TicketTitle.Build(lead, 1, DeskTexts.English), MarkdownRenderer.Render(TicketDocumentBuilder.Build(lead, DeskTexts.English)), "Collaboration", "Web", "high", "29:ada", "Ada Lovelace", "wiki.contoso.com"),
                DashboardSeed.Now, CancellationToken.None);
            var joiner = Escalation("esc-page-joiner", "29:grace", "Grace Hopper");
            Assert.True(await tickets.AddCommentAsync(Ticket.Number, "Grace Hopper", MarkdownRenderer.Render(TicketDocumentBuilder.AlsoAffected(joiner, 2, DeskTexts.English)), null, DashboardSeed.Now, CancellationToken.None));
            var incidents = services.GetRequiredService<IIncidentStore>();
            IncidentId = (await incidents.JoinOrOpenAsync("wiki.contoso.com", "29:ada", "Ada Lovelace", lead.EscalationId, TimeSpan.FromHours(2), DashboardSeed.Now, CancellationToken.None)).Incident.IncidentId;
            await incidents.JoinOrOpenAsync("wiki.contoso.com", "29:grace", "Grace Hopper", joiner.EscalationId, TimeSpan.FromHours(2), DashboardSeed.Now, CancellationToken.None);
            Other = await tickets.CreateAsync(
                new NewEmbeddedTicket("HD", "esc-page-other", "DNS failure on hr.contoso.com — 1 user affected", "## What is wrong", "HR", "Web", "medium", "29:eve", "Eve", "hr.contoso.com"),
                DashboardSeed.Now, CancellationToken.None);
        }

        public async ValueTask DisposeAsync()
        {
            if (_factory is not null)
            {
                await _factory.DisposeAsync();
            }
        }

        private static EscalationRequest Escalation(string id, string reporterId, string reporterName)
        {
            var at = DashboardSeed.Now.AddMinutes(-5);
            return new EscalationRequest(id, "case-" + id, "wiki.contoso.com", 502, "502 Bad Gateway on wiki.contoso.com", "It says <script>alert(1)</script> <img src=x onerror=alert(2)>",
                new Reporter(reporterId, reporterName, null, null, null), at, at, EscalationReason.UserRequested, null,
                [new StepRecord("hard-refresh", "Hard refresh", "still-broken", "Still broken", at)], "windows", "high", "medium",
                new ServiceRoute("Wiki", "Collaboration", "Web", null), new ConversationLink(null, "https://teams.microsoft.com/l/message/19:abc/1700000000000"));
        }
    }
}
