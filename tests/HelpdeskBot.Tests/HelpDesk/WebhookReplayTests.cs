using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Tests.Conversations;
using HelpdeskBot.Tickets.Webhook;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// A signed "resolved" callback replayed inside the replay window after the incident was reopened (a reporter's
/// "Still broken" through /api/messages) changes nothing; a new callback sent after the reopening resolves it again.
/// </summary>
public sealed class WebhookReplayTests : IAsyncLifetime
{
    private const string Secret = "whsec-replay-0123456789abcdef-never-log";
    private ConversationHost _host = null!;
    private string _incidentId = null!;

    /// <summary>The body of the latest callback's answer.</summary>
    private JsonElement _lastAnswer;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Tickets:Provider"] = "Webhook",
            // Never called: the outbox is off, and the callback does not call out.
            ["Tickets:Webhook:Url"] = "http://127.0.0.1:9/hooks/helpdeskbot",
            ["Tickets:Webhook:Secret"] = Secret,
            ["Tickets:Outbox:Enabled"] = "false",
        }, services: s => s.AddFakeLogging());
        _incidentId = await IncidentSeed.SeedAsync(
            _host.Services, _host.Connector.ServiceUrl, ConversationHost.BotId, HelpdeskTeam.TeamId, HelpdeskTeam.EscalationsChannel, new Uri("http://127.0.0.1:9/"), 2, default);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    /// <param name="changedAt">When the ticket was resolved there (Unix seconds); by default the request's own timestamp.</param>
    private async Task<(HttpStatusCode Status, string Outcome)> CallbackAsync(long timestamp, string status = "resolved", long? changedAt = null)
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(changedAt ?? timestamp).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var body = $$"""{"event":"ticket.status","escalationId":"e-seed-0","status":"{{status}}","changedAt":"{{at}}"}""";
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/tickets/webhook/status") { Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")) };
        request.Headers.Add(WebhookStatusCallback.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookStatusCallback.SignatureHeader, WebhookStatusCallback.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
        using var response = await client.SendAsync(request);
        _lastAnswer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, _lastAnswer.GetProperty("outcome").GetString()!);
    }

    private async Task<DeskStatus> StatusAsync() => (await _host.Services.GetRequiredService<IHelpdeskStore>().GetAsync(_incidentId, default))!.Desk!.Status;

    private int FixedMessages(string chat) =>
        _host.Connector.Requests.Count(r => r.Method == "POST" && r.Path == $"/v3/conversations/{chat}/activities" && (r.Text ?? string.Empty).StartsWith("The help desk has marked", StringComparison.Ordinal));

    private static bool IsFixedCard(Testing.ConnectorRequest r, string chat) =>
        r.Method == "PUT" && r.Path.StartsWith($"/v3/conversations/{chat}/", StringComparison.Ordinal) && ConversationHost.Json(r.Card).Contains("Still broken", StringComparison.Ordinal);

    /// <summary>Waits (bounded, real time) until <paramref name="done"/> holds, one connector request at a time.</summary>
    private async Task WaitForAsync(Func<bool> done, string what)
    {
        while (true)
        {
            // Counted before the check: a request arriving between the two is then seen by the next check (counted
            // after, the wait would be for one more request, and the awaited one may have been the last).
            var seen = _host.Connector.Requests.Count;
            if (done())
            {
                return;
            }

            try
            {
                // A reporter whose case update lost every retry to concurrent card updates is finished by the watch's
                // next round (notify_pending), by design: allow for one round.
                await _host.Connector.WaitForRequestsAsync(seen + 1, TimeSpan.FromMinutes(3));
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException("Timed out waiting for " + what);
            }
        }
    }

    [Fact]
    public async Task A_resolved_callback_replayed_after_a_reopen_leaves_the_incident_open()
    {
        // Sent ten seconds ago (inside the five-minute window): the ticket system resolved it.
        var sent = TimeProvider.System.GetUtcNow().AddSeconds(-10).ToUnixTimeSeconds();
        Assert.Equal((HttpStatusCode.OK, "resolved"), await CallbackAsync(sent));
        await ReporterSaysStillBrokenAsync();

        // The same signed callback again, still inside the window: a replay of a change older than the reopening. The
        // answer says why as a fact a program reads (reopenedAt), not only in its English detail.
        Assert.Equal((HttpStatusCode.OK, "unchanged"), await CallbackAsync(sent));
        Assert.True(_lastAnswer.GetProperty("reopenedAt").GetDateTimeOffset() >= DateTimeOffset.FromUnixTimeSeconds(sent));
        Assert.NotEqual(DeskStatus.Resolved, await StatusAsync());

        // The receiver retries that change (its first answer lost) with a fresh timestamp, as docs/webhook.md says: the
        // request is new, the resolution is not.
        Assert.Equal((HttpStatusCode.OK, "unchanged"), await CallbackAsync(TimeProvider.System.GetUtcNow().AddSeconds(2).ToUnixTimeSeconds(), changedAt: sent));
        Assert.NotEqual(DeskStatus.Resolved, await StatusAsync());

        // The two older changes are logged at Information once for this reopening, not once per callback.
        Assert.Single(_host.Services.GetRequiredService<FakeLogCollector>().GetSnapshot(), r => r.Level == LogLevel.Information && r.Message.Contains("older-than-reopen", StringComparison.Ordinal));

        // A new change sent after the reopening resolves it again, and reporter 1 hears of each resolution once.
        Assert.Equal((HttpStatusCode.OK, "resolved"), await CallbackAsync(TimeProvider.System.GetUtcNow().AddSeconds(2).ToUnixTimeSeconds(), "closed"));
        Assert.Equal(DeskStatus.Resolved, await StatusAsync());
        var other = IncidentSeed.ChatOf(1);
        await WaitForAsync(() => FixedMessages(other) == 2, "reporter 1's second message");
        Assert.Equal(2, FixedMessages(other));
    }

    [Fact]
    public async Task A_retry_from_a_receiver_whose_clock_runs_ahead_does_not_resolve_the_reopened_incident_again()
    {
        // The receiver's clock runs two minutes ahead of the bot's (inside the replay window: its callbacks are taken).
        var ahead = TimeSpan.FromMinutes(2);
        var resolvedThere = TimeProvider.System.GetUtcNow().Add(ahead).ToUnixTimeSeconds();
        Assert.Equal((HttpStatusCode.OK, "resolved"), await CallbackAsync(resolvedThere));
        await ReporterSaysStillBrokenAsync();

        // Its answer lost, the receiver retries: the resolution's time is after the reopening on the bot's clock, but it
        // is the resolution already applied on the receiver's own.
        Assert.Equal((HttpStatusCode.OK, "unchanged"), await CallbackAsync(TimeProvider.System.GetUtcNow().Add(ahead).AddSeconds(1).ToUnixTimeSeconds(), changedAt: resolvedThere));
        Assert.NotEqual(DeskStatus.Resolved, await StatusAsync());

        // Resolved again there, later on its clock: a new resolution.
        Assert.Equal((HttpStatusCode.OK, "resolved"), await CallbackAsync(TimeProvider.System.GetUtcNow().Add(ahead).AddSeconds(2).ToUnixTimeSeconds()));
        var other = IncidentSeed.ChatOf(1);
        await WaitForAsync(() => FixedMessages(other) == 2, "reporter 1's second message");
    }

    /// <summary>The resolution reaches reporter 0's card; reporter 0 presses "Still broken" there and the incident reopens.</summary>
    private async Task ReporterSaysStillBrokenAsync()
    {
        var chat = IncidentSeed.ChatOf(0);
        await WaitForAsync(() => _host.Connector.Requests.Any(r => IsFixedCard(r, chat)), "reporter 0's fixed card");
        var fixedCard = _host.Connector.Requests.Last(r => IsFixedCard(r, chat));
        Assert.Equal(DeskStatus.Resolved, await StatusAsync());

        await _host.ClickAsync(fixedCard.Card!, "Still broken", fixedCard.Path.Split('/')[^1], "29:reporter-0", "Reporter 0", chat);
        // Reopened in the background; its thread hears of it once that is done.
        await WaitForAsync(
            () => _host.Connector.Requests.Any(r => r.Path.StartsWith($"/v3/conversations/{HelpdeskTeam.EscalationsChannel};messageid=", StringComparison.Ordinal) && (r.Text ?? string.Empty).Contains("Reporter 0 says it is still broken", StringComparison.Ordinal)),
            "the still-broken notice in the thread");
        Assert.NotEqual(DeskStatus.Resolved, await StatusAsync());
    }

    [Fact]
    public async Task Still_broken_without_a_channel_tells_the_user_what_happens_now_and_claims_nobody_was_told()
    {
        Assert.Equal((HttpStatusCode.OK, "resolved"), await CallbackAsync(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));
        var chat = IncidentSeed.ChatOf(0);
        await WaitForAsync(() => _host.Connector.Requests.Any(r => IsFixedCard(r, chat)), "reporter 0's fixed card");
        var fixedCard = _host.Connector.Requests.Last(r => IsFixedCard(r, chat));

        // The help desk's channel is gone (deleted in Teams and forgotten) before the reporter answers.
        Assert.True(await _host.Services.GetRequiredService<IHelpdeskStore>().DisconnectChannelAsync(HelpdeskTeam.EscalationsChannel, default));
        var answer = ConversationHost.Json((await _host.ClickAsync(fixedCard.Card!, "Still broken", fixedCard.Path.Split('/')[^1], "29:reporter-0", "Reporter 0", chat))["value"]);

        // What happens now for the user, not how the bot is set up (channels, dashboards), and no "the help desk was told".
        Assert.Contains("I'm reopening the incident and checking the site again. I'll tell you here once it's fixed.", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("telling the help desk", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("help-desk channel", answer, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("dashboard", answer, StringComparison.OrdinalIgnoreCase);
    }
}
