using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.Delivery;

/// <summary>
/// Connector faults (500s, 429 with a long Retry-After, refused connections, the token endpoint down) during a
/// report's arrival, its diagnosis and its escalation, on a fake clock: every case is stored, the request is
/// answered without waiting on the connector, and every card reaches the user once the connector answers again,
/// none twice.
/// </summary>
public sealed class ConnectorFaultTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private ConversationHost _host = null!;
    private LoopbackServer? _site;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(_clock);
        // Short-lived connector tokens: with the token endpoint down, the next call cannot use a cached one.
        _host.Tokens.ExpiresInSeconds = 2;
    }

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _host.DisposeAsync();
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }

    public static TheoryData<string> Faults => ["500", "429", "refused", "token"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_report_arriving_during_a_fault_is_stored_at_once_and_its_card_arrives_once_after_recovery(string fault)
    {
        await BreakAsync(fault);

        // Answered 200 although every connector call fails (the retries run on the fake clock, which stands still).
        await _host.SayAsync("every site gives me 502");
        var stored = Assert.Single(await Cases.ListByUserAsync("29:alex", 10, default));
        Assert.Equal(CaseStatus.Open, stored.Status);

        // Attempts fail for a while; nothing reaches the user, nothing is lost.
        await AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(_host.Connector.Requests, r => r.Succeeded);

        await RepairAsync(fault);
        var (card, activityId, request) = await AdvanceUntilCardAsync("Every site fails for you");
        Assert.Equal("POST", request.Method);
        Assert.NotNull(ConversationHost.FindAction(card, "Still broken"));
        await AdvanceAsync(TimeSpan.FromMinutes(3));
        Assert.Single(_host.Connector.Requests, r => r.Succeeded && r.Card is not null);
        Assert.Equal(activityId, (await Cases.GetAsync(stored.CaseId, default))!.CardActivityId);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Diagnosis_and_ticket_during_a_fault_reach_the_acknowledged_card_in_place_after_recovery(string fault)
    {
        var probed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var url = await FailingSiteAsync(probed.Task);
        await _host.SayAsync($"I'm getting a 502 on {url}");
        var ack = (await _host.Connector.WaitForRequestsAsync(1))[0];
        Assert.Equal(("POST", true), (ack.Method, ack.Succeeded));
        Assert.Contains("from our servers…", ConversationHost.Json(ack.Card), StringComparison.Ordinal);
        _host.Record(ack.Card!);
        var ackId = "1";
        var before = _host.Connector.Requests.Count;

        // The connector fails while the probes run and the outbox files the ticket.
        await BreakAsync(fault);
        probed.SetResult();
        var caseId = Assert.Single(await Cases.ListByUserAsync("29:alex", 10, default)).CaseId;
        await AdvanceUntilAsync(async () => (await Cases.GetAsync(caseId, default))!.Status == CaseStatus.Escalated);
        await AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(_host.Connector.Requests.Skip(before), r => r.Succeeded);

        await RepairAsync(fault);
        var (card, cardId, update) = await AdvanceUntilCardAsync("Ticket HD-", before);
        Assert.Equal(("PUT", ackId), (update.Method, cardId));
        Assert.Contains("It's not you", ConversationHost.Json(card), StringComparison.Ordinal);
        await AdvanceAsync(TimeSpan.FromMinutes(3));
        Assert.Single(_host.Connector.Requests, r => r.Succeeded && r.Method == "POST" && r.Card is not null);
    }

    [Fact]
    public async Task A_card_that_can_no_longer_be_updated_is_sent_anew_and_recorded()
    {
        await _host.SayAsync("every site gives me 502");
        var (step1, cardId, _) = await AdvanceUntilCardAsync("Every site fails for you");
        var caseId = Assert.Single(await Cases.ListByUserAsync("29:alex", 10, default)).CaseId;
        var before = _host.Connector.Requests.Count;

        // The message was deleted in Teams: the update (the idle sweeper closing the case; no reply in a turn
        // competes for the scripted failure) answers 404, the card is posted again and its new id kept.
        _host.Connector.FailNext(404);
        _clock.Advance(TimeSpan.FromMinutes(31));
        var (_, newId, resent) = await AdvanceUntilCardAsync("I closed this check", before);
        Assert.Equal("POST", resent.Method);
        Assert.NotEqual(cardId, newId);
        Assert.Contains(_host.Connector.Requests.Skip(before), r => r is { Method: "PUT", Status: 404 });
        Assert.Equal(newId, (await Cases.GetAsync(caseId, default))!.CardActivityId);
        Assert.NotNull(step1);
    }

    [Fact]
    public async Task Cards_waiting_for_the_connector_survive_a_restart()
    {
        _host.Connector.FailAll(503);
        await _host.SayAsync("every site gives me 502");
        await AdvanceAsync(TimeSpan.FromSeconds(10));

        await _host.RestartAsync();
        Assert.Equal(CaseStatus.Open, Assert.Single(await Cases.ListByUserAsync("29:alex", 10, default)).Status); // starts the new host
        _host.Connector.Recover();
        await AdvanceUntilCardAsync("Every site fails for you");
        await AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Single(_host.Connector.Requests, r => r.Succeeded && r.Card is not null);
    }

    private ICaseStore Cases => _host.Services.GetRequiredService<ICaseStore>();

    private async Task BreakAsync(string fault)
    {
        switch (fault)
        {
            case "500":
                _host.Connector.FailAll(500);
                break;
            case "429":
                _host.Connector.FailAll(429, TimeSpan.FromSeconds(120));
                break;
            case "refused":
                await _host.Connector.StopListeningAsync();
                break;
            case "token":
                _host.Tokens.Down = true;
                // Past the lifetime of the token fetched for earlier calls.
                _clock.Advance(TimeSpan.FromSeconds(5));
                break;
        }
    }

    private async Task RepairAsync(string fault)
    {
        switch (fault)
        {
            case "refused":
                await _host.Connector.StartListeningAsync();
                break;
            case "token":
                _host.Tokens.Down = false;
                break;
            default:
                _host.Connector.Recover();
                break;
        }
    }

    private ClockDriver Driver => new(_clock, _host.Connector, TimeSpan.FromSeconds(5));

    private Task AdvanceAsync(TimeSpan total) => Driver.AdvanceAsync(total);

    private Task AdvanceUntilAsync(Func<Task<bool>> done) => Driver.AdvanceUntilAsync(done);

    private async Task<(JsonNode Card, string ActivityId, ConnectorRequest Request)> AdvanceUntilCardAsync(string text, int after = 0)
    {
        await AdvanceUntilAsync(() => Task.FromResult(_host.Connector.Requests.Skip(after).Any(r => r.Succeeded && r.Card is { } c && ConversationHost.Json(c).Contains(text, StringComparison.Ordinal))));
        return await _host.WaitForCardAsync(text, after);
    }

    /// <summary>A site answering 502 from nginx once <paramref name="open"/> completes.</summary>
    private async Task<string> FailingSiteAsync(Task open)
    {
        _site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            await open;
            ctx.Response.StatusCode = 502;
            ctx.Response.Headers.Server = "nginx/1.22.1";
            await ctx.Response.WriteAsync("<html><head><title>502 Bad Gateway</title></head></html>");
        }));
        ConversationHost.AllowPort(_site.Port);
        return _site.BaseAddress.ToString();
    }
}
