using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.Tickets;

/// <summary>The ticket API, the agents' pages and the outbox replay through the real host pipeline.</summary>
public sealed class TicketsApiTests : IClassFixture<TicketsApiTests.Host>
{
    private const string AgentKey = "agent-key-3b8f0c1e9a";
    private const string AdminKey = "admin-key-77d2c4aa10";
    private readonly WebApplicationFactory<Program> _factory;

    public TicketsApiTests(Host host) => _factory = host.Factory;

    /// <summary>One host (and SQLite file) for the class; each test uses its own reporters and escalation ids.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public WebApplicationFactory<Program> Factory { get; } = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:Sqlite:Path", Path.Combine(Path.GetTempPath(), "hb-tickets-api-tests", Guid.NewGuid().ToString("N") + ".db"));
            b.UseSetting("Tickets:Api:Keys:0", AgentKey);
            b.UseSetting("Tickets:Api:AdminKeys:0", AdminKey);
            b.UseSetting("Tickets:Outbox:Enabled", "false");
        });

        public ValueTask InitializeAsync() => ValueTask.CompletedTask;

        public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/tickets", null)]
    [InlineData("/api/tickets", "wrong-key")]
    [InlineData("/tickets", null)]
    [InlineData("/tickets/HD-1", "wrong-key")]
    public async Task Refuses_requests_without_a_valid_key(string path, string? key)
    {
        using var client = Client(key);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Lists_embedded_tickets_filtered_by_reporter_and_status()
    {
        var store = _factory.Services.GetRequiredService<IEmbeddedTicketStore>();
        var now = DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var ada = await store.CreateAsync(New("esc-api-1", "29:ada", "Ada Lovelace", "wiki.contoso.com"), now, CancellationToken.None);
        await store.CreateAsync(New("esc-api-2", "29:grace", "Grace Hopper", "intranet.contoso.com"), now, CancellationToken.None);
        using var client = Client(AgentKey);

        var all = await client.GetFromJsonAsync<JsonElement>("/api/tickets?max=500");
        var mine = await client.GetFromJsonAsync<JsonElement>("/api/tickets?reporter=29:ada");
        var byTarget = await client.GetFromJsonAsync<JsonElement>("/api/tickets?target=intranet");
        using var bad = await client.GetAsync("/api/tickets?max=0");
        var one = await client.GetFromJsonAsync<JsonElement>($"/api/tickets/{ada.Number}");

        Assert.Contains(all.EnumerateArray(), t => t.GetProperty("number").GetString() == ada.Number);
        Assert.Equal(ada.Number, Assert.Single(mine.EnumerateArray()).GetProperty("number").GetString());
        Assert.Equal("Grace Hopper", Assert.Single(byTarget.EnumerateArray()).GetProperty("reporterName").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("esc-api-1", one.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task Agent_pages_encode_everything_they_show()
    {
        var store = _factory.Services.GetRequiredService<IEmbeddedTicketStore>();
        var ticket = await store.CreateAsync(
            New("esc-page", "29:eve", "Eve <script>alert(1)</script>", "wiki.contoso.com") with { Title = "502 on <b>wiki</b> & co" },
            DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            CancellationToken.None);
        using var client = Client(AgentKey);

        var list = await client.GetStringAsync("/tickets");
        var detail = await client.GetStringAsync($"/tickets/{ticket.Number}");
        using var missing = await client.GetAsync("/tickets/HD-999999");

        foreach (var html in new[] { list, detail })
        {
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>wiki</b>", html, StringComparison.Ordinal);
            Assert.Contains("&lt;b&gt;wiki&lt;/b&gt; &amp; co", html, StringComparison.Ordinal);
        }

        Assert.Contains(ticket.Number, list, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Replays_a_parked_escalation_for_an_admin_only()
    {
        var outbox = _factory.Services.GetRequiredService<IOutboxStore>();
        var now = DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await outbox.EnqueueAsync(Escalation("esc-replay"), now, CancellationToken.None);
        var claimed = Assert.Single(await outbox.ClaimAsync("test", 10, TimeSpan.FromMinutes(1), now, CancellationToken.None));
        Assert.True(await outbox.ParkAsync(claimed.Id, "test", "provider down", now, CancellationToken.None));
        using var agent = Client(AgentKey);
        using var admin = Client(AdminKey);

        using var forbidden = await agent.PostAsync($"/api/admin/outbox/{claimed.Id}/replay", null);
        using var replayed = await admin.PostAsync($"/api/admin/outbox/{claimed.Id}/replay", null);
        using var again = await admin.PostAsync($"/api/admin/outbox/{claimed.Id}/replay", null);
        using var unknown = await admin.PostAsync("/api/admin/outbox/987654/replay", null);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(OutboxState.Pending, (await outbox.GetAsync(claimed.Id, CancellationToken.None))!.State);
    }

    private HttpClient Client(string? key)
    {
        var client = _factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    private static NewEmbeddedTicket New(string correlationId, string reporterId, string reporterName, string target)
        => new("HD", correlationId, $"502 Bad Gateway on {target} — 1 user affected", "## What is wrong", "Collaboration", "Web", "high", reporterId, reporterName, target);

    private static EscalationRequest Escalation(string id)
    {
        var at = DateTimeOffset.Parse("2026-11-25T09:58:00Z", System.Globalization.CultureInfo.InvariantCulture);
        return new EscalationRequest(id, "case-" + id, "wiki.contoso.com", 502, "502 Bad Gateway on wiki.contoso.com", null,
            new Reporter("29:ada", "Ada Lovelace", null, null, null), at, at, EscalationReason.UserRequested, null, [], null, "high", "medium",
            new ServiceRoute(null, null, null, null), new ConversationLink(null, null));
    }
}
