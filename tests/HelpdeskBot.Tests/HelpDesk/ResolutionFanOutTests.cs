using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using HelpdeskBot.Tests.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// Resolving an incident of 200 reporters through the channel card while the connector throttles: on a fake clock,
/// against the fake connector enforcing Teams' limits (7 per second per thread, 50 per second per tenant, 429 with
/// Retry-After past them) and, mid-fan-out, answering every call 429 for a while.
/// </summary>
public sealed class ResolutionFanOutTests : IAsyncLifetime
{
    private const int Reporters = 200;
    private static readonly TimeSpan OutageRetryAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan LimitRetryAfter = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private ConversationHost _host = null!;
    private HelpdeskTeam _team = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(_clock, new Dictionary<string, string?>
        {
            ["Incidents:CardDebounce"] = "00:00:02",
            ["Incidents:WatchPoll"] = "00:10:00",
        });
        _team = await HelpdeskTeam.StartAsync(_host);
        _team.Failing = false;
    }

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _team.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static string Text(JsonNode? node) => ConversationHost.Json(node);

    private static string ConversationOf(ConnectorRequest r) => r.Path.Split('/') is { Length: > 3 } parts ? parts[3] : "(new)";

    [Fact]
    public async Task Resolving_for_200_reporters_while_the_connector_answers_429_tells_each_once_and_keeps_within_the_limits()
    {
        var incidentId = await IncidentSeed.SeedAsync(_host.Services, _host.Connector.ServiceUrl, ConversationHost.BotId, HelpdeskTeam.TeamId, HelpdeskTeam.EscalationsChannel, new Uri(_team.SiteUrl), Reporters, default);
        var chats = Enumerable.Range(0, Reporters).Select(IncidentSeed.ChatOf).ToHashSet(StringComparer.Ordinal);
        bool IsMessage(ConnectorRequest r) => r.Method == "POST" && r.Path == $"/v3/conversations/{ConversationOf(r)}/activities" && (r.Text ?? string.Empty).StartsWith("Good news", StringComparison.Ordinal);
        bool IsFixedCard(ConnectorRequest r) => r.Method == "PUT" && Text(r.Card).Contains("our servers see it working", StringComparison.Ordinal);
        IEnumerable<ConnectorRequest> Delivered(Func<ConnectorRequest, bool> what) => _host.Connector.Requests.Where(r => r.Succeeded && chats.Contains(ConversationOf(r)) && what(r));

        // The agent resolves from the channel card: the site answers again, so it is resolved at once.
        var found = await _host.Services.GetRequiredService<IHelpdeskStore>().GetAsync(incidentId, default);
        var card = JsonNode.Parse(CardsJsonContext.ToElement(_host.Services.GetRequiredService<IncidentCards>().Incident(found!)).GetRawText())!;
        _host.Record(card);
        _host.Connector.EnforceRateLimits(_clock, perThreadPerSecond: 7, perTenantPerSecond: 50, retryAfter: LimitRetryAfter);
        var resolved = await _team.ClickAsync(card, "Resolve", HelpdeskTeam.EscalationsChannel);
        Assert.True(Text(resolved).Contains("Resolved by Megan Bowen", StringComparison.Ordinal), Text(resolved));

        // The click answered; the walk queues every reporter's card and message in the background (real time, no clock
        // involved): the deliveries are driven from here once it is done, so every send happens between clock steps.
        var store = _host.Services.GetRequiredService<IHelpdeskStore>();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60), TimeProvider.System))
        {
            while ((await store.GetAsync(incidentId, default))!.NotifyPending)
            {
                Assert.False(deadline.IsCancellationRequested, "The walk did not finish.");
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }
        }

        // A quarter through the fan-out, Teams answers every call 429 with Retry-After for a while.
        var driver = new ClockDriver(_clock, _host.Connector, TimeSpan.FromMilliseconds(250));
        await driver.AdvanceUntilAsync(() => Delivered(IsMessage).Count() >= Reporters / 4, maxSteps: 400); // settled: none on its way counts as in the outage
        var outageFrom = _host.Connector.Requests.Count;
        _host.Connector.FailAll(429, OutageRetryAfter);
        await driver.AdvanceUntilAsync(() => _host.Connector.Requests.Count - outageFrom >= 40);
        _host.Connector.Recover();
        var outageTo = _host.Connector.Requests.Count;

        await driver.AdvanceUntilAsync(() => Delivered(IsMessage).Count() >= Reporters && Delivered(IsFixedCard).Select(ConversationOf).Distinct().Count() >= Reporters, maxSteps: 1000);
        await driver.AdvanceAsync(TimeSpan.FromSeconds(30));

        // Every reporter: exactly one message and one update of their own card, in place.
        var requests = _host.Connector.Requests;
        foreach (var chat in chats)
        {
            Assert.Single(Delivered(IsMessage), r => ConversationOf(r) == chat);
            var update = Assert.Single(Delivered(IsFixedCard), r => ConversationOf(r) == chat);
            Assert.Equal($"/v3/conversations/{chat}/activities/card-{chat.Split('-')[^1]}", update.Path);
        }

        _host.Record(Delivered(IsFixedCard).First().Card!);
        var outage = requests.Skip(outageFrom).Take(outageTo - outageFrom).ToList();
        Assert.All(outage, r => Assert.Equal(429, r.Status));

        // 429 and Retry-After honoured: after a 429, nothing more to that conversation until its Retry-After passed
        // (a call at the same instant was already on its way: the clock moves only between sends).
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i].Status != 429)
            {
                continue;
            }

            var wait = i >= outageFrom && i < outageTo ? OutageRetryAfter : LimitRetryAfter;
            var next = requests.Skip(i + 1).FirstOrDefault(r => ConversationOf(r) == ConversationOf(requests[i]) && r.At > requests[i].At);
            Assert.True(next is null || next.At >= requests[i].At + wait, $"{ConversationOf(requests[i])} was called {(next!.At - requests[i].At).TotalMilliseconds} ms after a 429 with Retry-After {wait.TotalSeconds} s");
        }

        // Per-thread limits: no conversation ever saw more than 7 calls in a second, and the fake never had to refuse
        // one for that. The tenant's 50 per second: the pacer books slots 50 ms apart from the window's edge; a send
        // that reaches the connector after the fake clock moved on (a busy test machine) may land in the next second,
        // as network jitter does with Teams: a few such refusals are retried like any 429, never more than 1 %.
        foreach (var thread in requests.GroupBy(ConversationOf))
        {
            var times = thread.Select(r => r.At).Order().ToList();
            for (var i = 7; i < times.Count; i++)
            {
                Assert.True(times[i] - times[i - 7] >= TimeSpan.FromSeconds(1), $"{thread.Key}: 8 calls within {(times[i] - times[i - 7]).TotalMilliseconds} ms");
            }
        }

        var refused = requests.Select((r, i) => (r, i)).Where(x => x.r.Status == 429 && (x.i < outageFrom || x.i >= outageTo)).ToList();
        Assert.True(_host.Connector.ThrottledPerThread == 0 && refused.Count <= requests.Count / 100, $"{_host.Connector.Throttled} calls over Teams' limits ({_host.Connector.ThrottledPerThread} per thread) of {requests.Count}:\n" + string.Join('\n', refused
            .Select(x => $"{x.i} {x.r.At:HH:mm:ss.fff} {x.r.Method} {x.r.Path}: {requests.Count(o => o.Succeeded && o.At > x.r.At - TimeSpan.FromSeconds(1) && o.At <= x.r.At)} accepted in the second before, {requests.Count(o => o.Succeeded && ConversationOf(o) == ConversationOf(x.r) && o.At > x.r.At - TimeSpan.FromSeconds(1) && o.At <= x.r.At)} to the thread")));
    }
}
