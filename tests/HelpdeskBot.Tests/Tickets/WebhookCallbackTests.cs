using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Tests.Shipping;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Webhook;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.Tickets;

/// <summary>The webhook receiver's signed status callback through the real host: signature, replay window, effect.</summary>
public sealed class WebhookCallbackTests : IAsyncLifetime
{
    private const string Secret = "whsec-callback-0123456789abcdef-never-log";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly RecordingIncidentDesk _desk = new();
    private ShipHost _host = null!;
    private HttpClient _client = null!;
    private string _incidentId = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new ShipHost(
            new Dictionary<string, string?>
            {
                ["Tickets:Provider"] = "Webhook",
                // Never called: the outbox is off, and the callback does not call out.
                ["Tickets:Webhook:Url"] = "http://127.0.0.1:9/hooks/helpdeskbot",
                ["Tickets:Webhook:Secret"] = Secret,
                ["Tickets:Outbox:Enabled"] = "false",
            },
            s =>
            {
                s.AddSingleton<TimeProvider>(_time);
                s.AddSingleton<IIncidentDesk>(_desk);
            });
        _client = _host.Client();
        var incidents = _host.Services.GetRequiredService<IIncidentStore>();
        var join = await incidents.JoinOrOpenAsync("wiki.contoso.com", "29:ada", "Ada Lovelace", "esc-wh-1", TimeSpan.FromHours(2), Now, CancellationToken.None);
        await incidents.AttachTicketAsync(join.Incident.IncidentId, new TicketRef("Webhook", "OPS-77", "https://tracker.contoso.test/OPS-77", "esc-wh-1"), CancellationToken.None);
        _incidentId = join.Incident.IncidentId;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Signed_resolved_status_resolves_the_incident_once()
    {
        using var first = await PostAsync(Body("resolved"), Now);
        using var again = await PostAsync(Body("closed"), Now.AddSeconds(30));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var answer = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("resolved", _incidentId), (answer.GetProperty("outcome").GetString(), answer.GetProperty("incidentId").GetString()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("unchanged", JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString());
        // Dated by when the ticket was resolved there (the body's changedAt), not by when each request was sent.
        Assert.Equal([$"resolved-in-ticket-system {_incidentId} from webhook at 2026-11-25 09:50:00", $"resolved-in-ticket-system {_incidentId} from webhook at 2026-11-25 09:50:00"], _desk.Calls);
    }

    [Fact]
    public async Task A_resolution_without_its_own_time_or_dated_after_its_request_is_refused_and_changes_nothing()
    {
        using var undated = await PostAsync(Body("resolved", changedAt: null), Now);
        using var noOffset = await PostAsync(Body("resolved", changedAt: "2026-11-25T09:50:00"), Now);
        using var notATime = await PostAsync(Body("closed", changedAt: "yesterday"), Now);
        using var future = await PostAsync(Body("resolved", changedAt: "2026-11-25T10:00:01Z"), Now);
        using var stillOpen = await PostAsync(Body("in progress", changedAt: null), Now);

        Assert.Equal(HttpStatusCode.BadRequest, undated.StatusCode);
        Assert.Contains("needs changedAt", await undated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noOffset.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notATime.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("is after the request's timestamp", await future.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stillOpen.StatusCode);
        Assert.Empty(_desk.Calls);
    }

    [Fact]
    public async Task Bad_signature_tampered_body_or_missing_headers_are_refused_and_change_nothing()
    {
        var body = Body("resolved");
        using var wrongSecret = await PostAsync(body, Now, secret: "whsec-someone-else-0123456789abcdef-xx");
        using var tampered = await PostAsync(body, Now, signedBody: Body("in progress"));
        using var noSignature = await PostAsync(body, Now, signature: string.Empty);
        using var notHex = await PostAsync(body, Now, signature: "sha256=" + new string('z', 64));
        using var noTimestamp = await PostAsync(body, Now, timestamp: string.Empty);

        foreach (var response in new[] { wrongSecret, tampered, noSignature, notHex, noTimestamp })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.DoesNotContain(Secret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(_desk.Calls);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public async Task Timestamp_outside_the_replay_window_is_refused_even_when_signed(int secondsFromNow)
    {
        using var response = await PostAsync(Body("resolved"), Now.AddSeconds(secondsFromNow));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("ReplayWindow", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_desk.Calls);
    }

    [Fact]
    public async Task A_replay_inside_the_window_is_refused_once_the_clock_moves_on()
    {
        var body = Body("resolved");
        using var inTime = await PostAsync(body, Now.AddSeconds(-299));
        _time.Advance(TimeSpan.FromSeconds(2));
        using var replayed = await PostAsync(body, Now.AddSeconds(-299));

        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Single(_desk.Calls);
    }

    [Fact]
    public async Task Signed_but_wrong_requests_get_clear_errors_and_change_nothing()
    {
        using var notJson = await PostAsync("resolved, please", Now);
        using var noStatus = await PostAsync("""{"event":"ticket.status","escalationId":"esc-wh-1"}""", Now);
        using var unknown = await PostAsync(Body("resolved", escalationId: "esc-nobody"), Now);
        using var otherTicket = await PostAsync(Body("resolved", ticketNumber: "OPS-1"), Now);
        using var progress = await PostAsync(Body("in progress"), Now);
        using var huge = await PostAsync(new string(' ', WebhookStatusCallback.MaxBodyBytes + 1), Now);

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noStatus.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherTicket.StatusCode);
        Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
        Assert.Equal("ignored", JsonDocument.Parse(await progress.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Empty(_desk.Calls);
    }

    /// <param name="changedAt">When the ticket was resolved there (null: left out); by default ten minutes before <see cref="Now"/>.</param>
    private static string Body(string status, string escalationId = "esc-wh-1", string ticketNumber = "OPS-77", string? changedAt = "2026-11-25T09:50:00Z")
    {
        var body = new Dictionary<string, string> { ["event"] = "ticket.status", ["escalationId"] = escalationId, ["ticketNumber"] = ticketNumber, ["status"] = status };
        if (changedAt is not null)
        {
            body["changedAt"] = changedAt;
        }

        return JsonSerializer.Serialize(body);
    }

    /// <summary>Posts <paramref name="body"/> signed as docs/webhook.md says: HMAC-SHA256(secret, "{timestamp}." + body).</summary>
    private async Task<HttpResponseMessage> PostAsync(string body, DateTimeOffset sentAt, string secret = Secret, string? signedBody = null, string? signature = null, string? timestamp = null)
    {
        var seconds = sentAt.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/tickets/webhook/status")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("X-HelpdeskBot-Timestamp", timestamp ?? seconds.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-HelpdeskBot-Signature", signature ?? WebhookStatusCallback.Sign(secret, seconds, Encoding.UTF8.GetBytes(signedBody ?? body)));
        return await _client.SendAsync(request);
    }
}
