using System.Text.Json.Nodes;
using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.Conversations;

/// <summary>The 502 conversation through /api/messages with Teams payload shapes, real probes against loopback sites.</summary>
public sealed class TroubleshootingFlowTests : IAsyncLifetime
{
    private const string Nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

    private ConversationHost _host = null!;
    private LoopbackServer? _site;

    public async ValueTask InitializeAsync() => _host = await ConversationHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _host.DisposeAsync();
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }

    private async Task<string> FailingSiteAsync()
    {
        _site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.StatusCode = 502;
            ctx.Response.Headers.Server = "nginx/1.22.1";
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync(Nginx502);
        }));
        ConversationHost.AllowPort(_site.Port);
        return _site.BaseAddress.ToString();
    }

    private async Task<string> HealthySiteAsync()
    {
        _site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.Headers.Server = "nginx";
            await ctx.Response.WriteAsync("<html><head><title>Wiki</title></head><body>ok</body></html>");
        }));
        ConversationHost.AllowPort(_site.Port);
        return _site.BaseAddress.ToString();
    }

    private static string Text(JsonNode card) => ConversationHost.Json(card);

    [Fact]
    public async Task Site_failing_server_side_goes_straight_to_the_ticket_without_client_steps()
    {
        var url = await FailingSiteAsync();
        using var metrics = new MetricsRecorder();

        await _host.SayAsync($"I'm getting a 502 on {url}");

        var requests = await _host.Connector.WaitForRequestsAsync(1);
        // The acknowledgement first (what the user waits for): a durable delivery, sent as soon as the case is stored.
        Assert.Equal(("POST", "message"), (requests[0].Method, (string?)requests[0].Body?["type"]));
        var (ack, _, ackRequest) = await _host.WaitForCardAsync("from our servers…");
        Assert.Equal("POST", ackRequest.Method);
        Assert.Contains($"Checking {url.TrimEnd('/')}", Text(ack).Replace("/ from", " from", StringComparison.Ordinal), StringComparison.Ordinal);

        var (diagnosis, cardId, update) = await _host.WaitForCardAsync("It's not you");
        Assert.Equal("PUT", update.Method);
        Assert.Contains("502 from nginx", Text(diagnosis), StringComparison.Ordinal);
        Assert.Contains("3 of 3 requests from our servers failed (HTTP 502)", Text(diagnosis), StringComparison.Ordinal);
        Assert.DoesNotContain("Step 1", Text(diagnosis), StringComparison.Ordinal);
        Assert.NotNull(ConversationHost.FindAction(diagnosis, "Show evidence"));

        // The outbox dispatcher files the ticket (embedded provider) and the card is updated in place with its number.
        var (ticketCard, ticketCardId, _) = await _host.WaitForCardAsync("Ticket HD-");
        Assert.Equal(cardId, ticketCardId);
        Assert.Contains("created", Text(ticketCard), StringComparison.Ordinal);
        var tickets = _host.Services.GetRequiredService<IEmbeddedTicketStore>();
        Assert.NotNull(tickets);

        // The real code recorded the conversation on the HelpdeskBot meter, area by area.
        Assert.True(metrics.Saw("helpdeskbot.activities.received", "type", "message"));
        Assert.True(metrics.Saw("helpdeskbot.verdicts", "kind", "UpstreamFailing"));
        Assert.True(metrics.Saw("helpdeskbot.probe.duration", "phase", "http"));
        Assert.True(metrics.Saw("helpdeskbot.escalations", "reason", "ServerSideFault"));
        Assert.True(metrics.Saw("helpdeskbot.case.outcomes", "outcome", "escalated"));
        Assert.True(metrics.Saw("helpdeskbot.tickets", "result", "sent"));
    }

    [Fact]
    public async Task A_product_the_report_names_is_the_probes_tie_breaker_for_a_502_that_names_nobody()
    {
        _site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.StatusCode = 502; // no Server, Via or vendor header, no product's page: our answer names no hop
            await ctx.Response.WriteAsync("<html><body>Bad gateway</body></html>");
        }));
        ConversationHost.AllowPort(_site.Port);

        await _host.SayAsync($"getting a 502 from cloudflare on {_site.BaseAddress}");

        var (diagnosis, _, _) = await _host.WaitForCardAsync("It's not you");
        Assert.Contains("502 from Cloudflare (as your message says)", Text(diagnosis), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Site_healthy_walks_every_step_in_order_and_resolves_at_step_three()
    {
        var url = await HealthySiteAsync();
        using var metrics = new MetricsRecorder();

        await _host.SayAsync($"<p>bad gateway when I open <a href=\"{url}wiki\">{url}wiki</a></p>");

        var (card, cardId, _) = await _host.WaitForCardAsync("Step 1: Reload the page without the browser cache");
        Assert.Contains("works from our servers", Text(card), StringComparison.Ordinal);
        Assert.Null(card["msteams"]!["entities"]); // a personal chat needs no mention
        Assert.Contains("3 of 3 requests from our servers succeeded (HTTP 200). Checked {{DATE(", Text(card), StringComparison.Ordinal);
        Assert.Equal("Step 1: Reload the page without the browser cache", (string?)card["fallbackText"]);
        Assert.Contains("Ctrl+F5", Text(card), StringComparison.Ordinal); // clientInfo platform Windows
        foreach (var title in new[] { "That fixed it", "Still broken", "I can't do this", "Check again", "Escalate now" })
        {
            Assert.NotNull(ConversationHost.FindAction(card, title));
        }

        var step2 = (await _host.ClickAsync(card, "Still broken", cardId))["value"]!;
        Assert.Contains("Step 2: Try another browser or a private window", Text(step2), StringComparison.Ordinal);
        var step3 = (await _host.ClickAsync(step2, "I can't do this", cardId))["value"]!;
        Assert.Contains("Step 3: Try without the proxy", Text(step3), StringComparison.Ordinal);
        var resolved = (await _host.ClickAsync(step3, "That fixed it", cardId))["value"]!;
        Assert.Contains("Glad it works again!", Text(resolved), StringComparison.Ordinal);

        var thanks = (await _host.ClickAsync(resolved, "👍 Helpful", cardId))["value"]!;
        Assert.Contains("Thanks for the feedback.", Text(thanks), StringComparison.Ordinal);

        // The real code recorded the steps reached and the outcome on the HelpdeskBot meter.
        Assert.True(metrics.Saw("helpdeskbot.steps.reached", "step", "hard-refresh"));
        Assert.True(metrics.Saw("helpdeskbot.steps.reached", "step", "bypass-proxy"));
        Assert.True(metrics.Saw("helpdeskbot.case.outcomes", "outcome", "resolved"));
        Assert.True(metrics.Saw("helpdeskbot.activities.received", "type", "invoke"));
    }

    [Fact]
    public async Task Healthy_site_with_every_step_still_broken_escalates_with_the_answers()
    {
        var url = await HealthySiteAsync();
        await _host.SayAsync($"502 on {url}");
        var (card, cardId, _) = await _host.WaitForCardAsync("Step 1:");

        var titles = new List<string>();
        while (Text(card).Contains("Step ", StringComparison.Ordinal) && ConversationHost.FindAction(card, "Still broken") is not null)
        {
            titles.Add((string)card["body"]!.AsArray().Select(e => (string?)e!["text"]).First(t => t?.StartsWith("Step ", StringComparison.Ordinal) == true)!);
            card = (await _host.ClickAsync(card, "Still broken", cardId))["value"]!;
        }

        // contact-owner is ruled out by a healthy verdict; the scope question by the report naming the site.
        Assert.Equal(
            ["Step 1: Reload the page without the browser cache", "Step 2: Try another browser or a private window", "Step 3: Try without the proxy", "Step 4: Restart your router, modem and computer", "Step 5: Use a public DNS resolver"],
            titles);
        Assert.Contains("I'm passing this to the help desk", Text(card), StringComparison.Ordinal);
        await _host.WaitForCardAsync("Ticket HD-");
    }

    [Fact]
    public async Task Every_site_failing_takes_the_users_network_outage_path()
    {
        await _host.SayAsync("every site gives me 502");

        var (card, cardId, _) = await _host.WaitForCardAsync("Every site fails for you");
        Assert.Contains("Step 1: Try without the proxy", Text(card), StringComparison.Ordinal);
        Assert.Null(ConversationHost.FindAction(card, "Check again")); // nothing to re-probe
        card = (await _host.ClickAsync(card, "Still broken", cardId))["value"]!;
        Assert.Contains("Step 2: Restart your router, modem and computer", Text(card), StringComparison.Ordinal);
        card = (await _host.ClickAsync(card, "Still broken", cardId))["value"]!;
        Assert.Contains("Step 3: Use a public DNS resolver", Text(card), StringComparison.Ordinal);
        Assert.Contains("Preferred DNS: 1.1.1.1", Text(card), StringComparison.Ordinal);
        card = (await _host.ClickAsync(card, "Still broken", cardId))["value"]!;
        Assert.Contains("I'm passing this to the help desk", Text(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Double_click_is_applied_once_and_a_stale_card_answers_with_the_current_step()
    {
        var url = await HealthySiteAsync();
        await _host.SayAsync($"I'm getting a 502 on {url}");
        var (step1, cardId, _) = await _host.WaitForCardAsync("Step 1:");

        var first = (await _host.ClickAsync(step1, "Still broken", cardId))["value"]!;
        var second = (await _host.ClickAsync(step1, "Still broken", cardId))["value"]!;

        Assert.Contains("Step 2:", Text(first), StringComparison.Ordinal);
        Assert.Contains("Step 2:", Text(second), StringComparison.Ordinal); // not step 3
        var stale = (await _host.ClickAsync(step1, "That fixed it", cardId))["value"]!;
        Assert.Contains("Step 2:", Text(stale), StringComparison.Ordinal); // old card's "fixed" does not resolve
        var step3 = (await _host.ClickAsync(stale, "Still broken", cardId))["value"]!;
        Assert.Contains("Step 3:", Text(step3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_mid_flow_resumes_from_the_stored_case()
    {
        var url = await HealthySiteAsync();
        await _host.SayAsync($"I'm getting a 502 on {url}");
        var (step1, cardId, _) = await _host.WaitForCardAsync("Step 1:");
        var step2 = (await _host.ClickAsync(step1, "Still broken", cardId))["value"]!;

        await _host.RestartAsync();

        var step3 = (await _host.ClickAsync(step2, "Still broken", cardId))["value"]!;
        Assert.Contains("Step 3: Try without the proxy", Text(step3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_users_in_a_group_chat_each_get_their_own_case()
    {
        var url = await HealthySiteAsync();
        const string group = "19:group-chat-1@thread.v2";

        await _host.SayAsync($"I'm getting a 502 on {url}", "29:alex", "Alex Wilber", group, group: true);
        var (alexCard, alexCardId, _) = await _host.WaitForCardAsync("Alex Wilber");
        var alexStep = await _host.WaitForCardAsync("Step 1:");
        await _host.SayAsync("every site gives me 502", "29:megan", "Megan Bowen", group, group: true);
        var (meganCard, meganCardId, _) = await _host.WaitForCardAsync("Every site fails for you");

        Assert.NotEqual(alexCardId, meganCardId);
        Assert.Contains("Megan Bowen", Text(meganCard), StringComparison.Ordinal);

        // In a group chat each card mentions its reporter (text and msteams entity agree), so they are notified.
        foreach (var (card, id, name) in new[] { (alexCard, "29:alex", "Alex Wilber"), (meganCard, "29:megan", "Megan Bowen") })
        {
            Assert.Contains($"<at>{name}</at>", Text(card), StringComparison.Ordinal);
            var mention = card["msteams"]!["entities"]!.AsArray().Single()!;
            Assert.Equal(("mention", $"<at>{name}</at>", id, name), ((string?)mention["type"], (string?)mention["text"], (string?)mention["mentioned"]!["id"], (string?)mention["mentioned"]!["name"]));
        }

        // Megan clicking Alex's card does not move Alex's case.
        var refused = await _host.ClickAsync(alexStep.Card, "Still broken", alexStep.ActivityId, "29:megan", "Megan Bowen", group, group: true);
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)refused["type"]);
        Assert.Contains("belongs to Alex Wilber", (string?)refused["value"], StringComparison.Ordinal);
        var alexNext = (await _host.ClickAsync(alexStep.Card, "Still broken", alexStep.ActivityId, "29:alex", "Alex Wilber", group, group: true))["value"]!;
        Assert.Contains("Step 2:", Text(alexNext), StringComparison.Ordinal);
        var meganNext = (await _host.ClickAsync(meganCard, "Still broken", meganCardId, "29:megan", "Megan Bowen", group, group: true))["value"]!;
        Assert.Contains("Step 2: Restart your router", Text(meganNext), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_without_a_site_asks_for_it_on_a_card()
    {
        var url = await HealthySiteAsync();
        await _host.SayAsync("I'm getting a 502");
        var (ask, cardId, _) = await _host.WaitForCardAsync("Which site gives you the 502?");
        var action = ConversationHost.FindAction(ask, "Check it")!;
        action["data"]!["target"] = url; // Teams merges the Input.Text value into the data

        var response = await _host.ClickAsync(new JsonObject { ["actions"] = new JsonArray(action.DeepClone()) }, "Check it", cardId);

        Assert.Contains("from our servers…", Text(response["value"]!), StringComparison.Ordinal);
        await _host.WaitForCardAsync("Step 1:");
    }

    [Fact]
    public async Task Commands_help_status_and_cancel_answer()
    {
        await _host.SayAsync("help");
        await _host.WaitForCardAsync("How I can help");
        await _host.SayAsync("every site gives me 504");
        await _host.WaitForCardAsync("Every site fails for you");
        await _host.SayAsync("cancel");
        await _host.WaitForCardAsync("Cancelled. Tell me about a problem any time.");
        await _host.SayAsync("status");
        var (status, _, _) = await _host.WaitForCardAsync("Your recent reports");
        Assert.Contains("Cancelled", Text(status), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_people_reporting_one_site_within_seconds_share_one_probe_run()
    {
        var hits = 0;
        _site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            Interlocked.Increment(ref hits);
            await ctx.Response.WriteAsync("<html><head><title>Wiki</title></head><body>ok</body></html>");
        }));
        ConversationHost.AllowPort(_site.Port);
        const string group = "19:outage-chat@thread.v2";

        await _host.SayAsync($"502 on {_site.BaseAddress}", "29:alex", "Alex Wilber", group, group: true);
        await _host.WaitForCardAsync("Step 1:");
        var probed = Volatile.Read(ref hits);
        var before = _host.Connector.Requests.Count;
        await _host.SayAsync($"I'm getting a 502 on {_site.BaseAddress}", "29:megan", "Megan Bowen", group, group: true);
        var (megan, _, _) = await _host.WaitForCardAsync("Step 1:", before);

        Assert.True(probed > 0);
        Assert.Equal(probed, Volatile.Read(ref hits)); // Megan's case took the run Alex's report started
        Assert.Contains("Megan Bowen", Text(megan), StringComparison.Ordinal);
        Assert.Contains("works from our servers", Text(megan), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_again_probes_afresh_and_returns_to_the_same_step()
    {
        var hits = 0;
        _site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            Interlocked.Increment(ref hits);
            await ctx.Response.WriteAsync("<html><head><title>Wiki</title></head><body>ok</body></html>");
        }));
        ConversationHost.AllowPort(_site.Port);
        await _host.SayAsync($"I'm getting a 502 on {_site.BaseAddress}");
        var (step1, cardId, _) = await _host.WaitForCardAsync("Step 1:");
        var step2 = (await _host.ClickAsync(step1, "Still broken", cardId))["value"]!;
        var probed = Volatile.Read(ref hits);
        var before = _host.Connector.Requests.Count;

        var checking = (await _host.ClickAsync(step2, "Check again", cardId))["value"]!;
        Assert.Contains("from our servers…", Text(checking), StringComparison.Ordinal);
        var (again, againId, update) = await _host.WaitForCardAsync("Step 2: Try another browser or a private window", before);

        Assert.Equal(("PUT", cardId), (update.Method, againId));
        Assert.True(Volatile.Read(ref hits) > probed); // a new run, although the first one is seconds old
        Assert.Contains("works from our servers", Text(again), StringComparison.Ordinal);
    }
}
