using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HelpdeskBot.Tests.Shipping;

namespace HelpdeskBot.Tests.Tickets;

/// <summary>The incident card's actions on the ticket page: tickets.admin only, same-origin only for browsers, through IIncidentDesk.</summary>
public sealed class TicketActionsTests : IClassFixture<TicketPagesTests.SeededHost>
{
    private readonly TicketPagesTests.SeededHost _host;

    public TicketActionsTests(TicketPagesTests.SeededHost host) => _host = host;

    private string Path(string verb) => $"tickets/{_host.Ticket.Number}/{verb}";

    [Fact]
    public async Task Admin_sees_the_actions_a_reader_does_not()
    {
        using var admin = Client(ShipHost.AdminKey);
        using var reader = Client(TicketPagesTests.ReaderKey);

        var forAdmin = await admin.GetStringAsync($"tickets/{_host.Ticket.Number}");
        var forReader = await reader.GetStringAsync($"tickets/{_host.Ticket.Number}");

        foreach (var verb in new[] { "take", "check", "resolve", "reopen", "note" })
        {
            Assert.Contains($"<form method=\"post\" action=\"/tickets/{_host.Ticket.Number}/{verb}\">", forAdmin, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("id=\"actions\"", forReader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Take_check_note_and_reopen_go_to_the_desk_as_the_web_agent()
    {
        using var admin = Client(ShipHost.AdminKey);
        var before = _host.Desk.Calls.Count;

        using var take = await admin.PostAsync(Path("take"), Form());
        using var check = await admin.PostAsync(Path("check"), Form());
        using var note = await admin.PostAsync(Path("note"), Form(("note", "Origin team paged <b>now</b>")));
        using var reopen = await admin.PostAsync(Path("reopen"), Form());

        foreach (var response in new[] { take, check, note, reopen })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var page = await take.Content.ReadAsStringAsync();
        Assert.Contains("id=\"outcome\" role=\"status\" class=\"banner done\"><p>Done: Take it.</p>", page, StringComparison.Ordinal);
        var id = _host.IncidentId;
        Assert.Equal(
            [$"take {id} by admin-0 via web", $"check {id} by admin-0 via web", $"note {id} by admin-0 via web: Origin team paged <b>now</b>", $"reopen {id} by admin-0 via web"],
            _host.Desk.Calls.Skip(before).Where(c => c.Contains(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Resolve_while_still_failing_asks_first_and_resolve_anyway_forces()
    {
        using var admin = Client(ShipHost.AdminKey);
        _host.Desk.StillFailingEvidence = "3 of 3 requests failed (HTTP 502 from <nginx>)";
        try
        {
            using var asked = await admin.PostAsync(Path("resolve"), Form());
            var page = await asked.Content.ReadAsStringAsync();
            using var forced = await admin.PostAsync(Path("resolve"), Form(("force", "true")));

            Assert.Contains("Still failing from our servers — resolve anyway?", page, StringComparison.Ordinal);
            Assert.Contains("3 of 3 requests failed (HTTP 502 from &lt;nginx&gt;)", page, StringComparison.Ordinal);
            Assert.Contains("<input type=\"hidden\" name=\"force\" value=\"true\">", page, StringComparison.Ordinal);
            Assert.Contains($"resolve {_host.IncidentId} by admin-0 via web (forced)", _host.Desk.Calls);
            Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        }
        finally
        {
            _host.Desk.StillFailingEvidence = null;
        }
    }

    [Fact]
    public async Task Browser_posts_count_only_from_the_bots_own_page()
    {
        var before = _host.Desk.Calls.Count;

        using var crossSite = await BrowserPostAsync(("Sec-Fetch-Site", "cross-site"));
        using var foreignOrigin = await BrowserPostAsync(("Origin", "https://evil.example"));
        using var noOriginAtAll = await BrowserPostAsync();
        Assert.Equal(before, _host.Desk.Calls.Count);
        using var sameOrigin = await BrowserPostAsync(("Sec-Fetch-Site", "same-origin"), ("Origin", "https://evil.example"));
        using var ownOrigin = await BrowserPostAsync(("Origin", _host.Address.GetLeftPart(UriPartial.Authority)));

        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noOriginAtAll.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownOrigin.StatusCode);
        Assert.Equal(before + 2, _host.Desk.Calls.Count);
    }

    [Fact]
    public async Task Reader_and_bad_requests_change_nothing()
    {
        using var reader = Client(TicketPagesTests.ReaderKey);
        using var admin = Client(ShipHost.AdminKey);
        var before = _host.Desk.Calls.Count;

        using var forbidden = await reader.PostAsync(Path("take"), Form());
        using var emptyNote = await admin.PostAsync(Path("note"), Form(("note", "   ")));
        using var longNote = await admin.PostAsync(Path("note"), Form(("note", new string('x', 2001))));
        using var unknownVerb = await admin.PostAsync(Path("delete"), Form());
        using var unknownTicket = await admin.PostAsync("tickets/HD-999999/take", Form());
        using var noIncident = await admin.PostAsync($"tickets/{_host.Other.Number}/take", Form());

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, emptyNote.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longNote.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownVerb.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownTicket.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, noIncident.StatusCode);
        Assert.Equal(before, _host.Desk.Calls.Count);
    }

    /// <summary>A browser signed in with Basic (its credential goes with every request) posting the take form.</summary>
    private async Task<HttpResponseMessage> BrowserPostAsync(params (string Name, string Value)[] headers)
    {
        using var client = _host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path("take")) { Content = Form() };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ada:" + ShipHost.AdminKey)));
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await client.SendAsync(request);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields)
        => new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private HttpClient Client(string key)
    {
        var client = _host.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
