using System.Globalization;
using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>
/// Issue 7 through the bot hosts: two whole HelpdeskBot instances on one PostgreSQL database, cases started with
/// POST /api/messages and clicked with adaptiveCard/action invokes spread over both instances.
/// </summary>
public sealed class ScaleOutClickTests : IAsyncLifetime
{
    private const int Cases = 20;
    private const int Rounds = 5; // two clicks per round (one per host): 10 clicks per case, 200 in all
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private PostgresTestDatabase? _database;
    private ScaleOutBots? _bots;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.TryCreateAsync("scale-out tests: two bot hosts on one PostgreSQL database");
        if (_database is not null)
        {
            _bots = await ScaleOutBots.StartAsync(_database.ConnectionString);
        }
    }

    public async Task DisposeAsync()
    {
        if (_bots is not null)
        {
            await _bots.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_hundred_concurrent_clicks_on_twenty_cases_from_both_hosts_keep_every_case_history_consistent()
    {
        if (_bots is null) return;
        var bots = _bots;

        // Twenty users report at once, alternately to each host. "Every site" needs no probe: the first step card
        // (proxy, router, DNS: three steps, then the help desk) replaces the acknowledgement at once.
        var users = Enumerable.Range(0, Cases).Select(c => (User: $"29:user-{c}", Conversation: $"a:personal-{c}")).ToArray();
        await Task.WhenAll(users.Select((u, c) => bots.PostAsync(c % 2, bots.Message("every site gives me 502", u.User, u.Conversation))));
        var started = await Task.WhenAll(users.Select(u => bots.WaitForCardAsync(u.Conversation, "Step 1:", Patience)));

        // Every case at once: each round both hosts receive a "Still broken" click on the card the user sees (a double
        // click landing on two instances). One of the two is applied; the other is answered with the current card.
        // From round 4 the case is with the help desk; the users click the last step card again (stale).
        var transcripts = await Task.WhenAll(users.Select((u, c) => Task.Run(async () =>
        {
            var (card, activityId) = started[c];
            var stepCard = card;
            var answers = new List<(long ClickedVersion, JsonNode[] Responses)>();
            for (var round = 0; round < Rounds; round++)
            {
                var action = ScaleOutBots.FindAction(card, "Still broken") ?? ScaleOutBots.FindAction(stepCard, "Still broken")!;
                var clicked = long.Parse((string)action["data"]!["v"]!, CultureInfo.InvariantCulture);
                var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(host => bots.PostAsync((host + c) % 2, bots.Invoke(action, activityId, u.User, u.Conversation))));
                answers.Add((clicked, responses.Select(r => r!).ToArray()));
                foreach (var response in responses)
                {
                    Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)response!["type"]);
                }

                stepCard = ScaleOutBots.FindAction(card, "Still broken") is not null ? card : stepCard;
                card = responses.Select(r => r!["value"]!).MaxBy(ScaleOutBots.VersionOf)!;
            }

            return answers;
        })));

        // Each case's card ends with its ticket (the outbox of either host filed it, through the embedded provider).
        await Task.WhenAll(users.Select(u => bots.WaitForCardAsync(u.Conversation, "Ticket HD-", Patience)));

        var stores = new[] { Store<ICaseStore>(0), Store<ICaseStore>(1) };
        for (var c = 0; c < Cases; c++)
        {
            var rounds = transcripts[c];
            // Rounds 1-3: both clicks carried the same version; both answers show the next version's card (so one was
            // applied and the other answered with the card it produced), never a step further.
            Assert.Equal(rounds[0].ClickedVersion + 1, rounds[1].ClickedVersion);
            Assert.Equal(rounds[1].ClickedVersion + 1, rounds[2].ClickedVersion);
            for (var r = 0; r < 2; r++)
            {
                Assert.All(rounds[r].Responses, response =>
                {
                    Assert.Equal(rounds[r].ClickedVersion + 1, ScaleOutBots.VersionOf(response["value"]!));
                    Assert.Contains($"Step {r + 2}:", ScaleOutBots.Json(response), StringComparison.Ordinal);
                });
            }

            Assert.All(rounds.Skip(2).SelectMany(x => x.Responses), response => Assert.Contains("passed this to the help desk", ScaleOutBots.Json(response), StringComparison.Ordinal));

            // Rounds 4-5 clicked a stale step card: answered with the current card, nothing applied.
            Assert.All(rounds.Skip(3), x => Assert.Equal(rounds[2].ClickedVersion, x.ClickedVersion));

            // The audit history is the same from both hosts: contiguous versions, in time order, each step once.
            var caseId = (string)ScaleOutBots.FindAction(started[c].Card, "Still broken")!["data"]!["caseId"]!;
            var history = await stores[0].GetEventsAsync(caseId, default);
            Assert.Equal(history, await stores[1].GetEventsAsync(caseId, default));
            Assert.Equal(Enumerable.Range(1, history.Count).Select(v => (long)v), history.Select(e => e.Version));
            Assert.Equal(history.OrderBy(e => e.At).Select(e => e.Version), history.Select(e => e.Version));
            Assert.Equal(["created", "diagnosed", "answered", "answered", "escalated", "ticket"], history.Select(e => e.Kind));
            Assert.Equal(3, history.Where(e => e.Kind is "answered" or "escalated").Select(e => e.DataJson).Distinct().Count()); // three different steps answered

            // Final state equal on both hosts, in the store and as the card each host answers a refresh with.
            var record = await stores[0].GetAsync(caseId, default);
            Assert.Equal(record, await stores[1].GetAsync(caseId, default));
            Assert.Equal(history[^1].Version, record!.Version);
            var refresh = new JsonObject { ["title"] = "Refresh", ["verb"] = "case.refresh", ["data"] = new JsonObject { ["caseId"] = caseId, ["v"] = "0" } };
            var fromA = await bots.PostAsync(0, bots.Invoke(refresh, started[c].ActivityId, users[c].User, users[c].Conversation));
            var fromB = await bots.PostAsync(1, bots.Invoke(refresh, started[c].ActivityId, users[c].User, users[c].Conversation));
            Assert.Equal(ScaleOutBots.Json(fromA), ScaleOutBots.Json(fromB));
            Assert.Contains("Ticket HD-", ScaleOutBots.Json(fromA), StringComparison.Ordinal);
            Assert.Equal(record.Version, ScaleOutBots.VersionOf(fromA!["value"]!));
        }

        // Exactly one escalation and one ticket per case.
        var outbox = await Store<IOutboxStore>(0).CountByStateAsync(default);
        Assert.Equal(Cases, outbox[OutboxState.Sent]);
        Assert.Equal(0, outbox[OutboxState.Pending] + outbox[OutboxState.InProgress] + outbox[OutboxState.Parked]);
        var tickets = await Store<IEmbeddedTicketStore>(1).ListAsync(new EmbeddedTicketQuery(Max: 1000), default);
        Assert.Equal(Cases, tickets.Count);
        Assert.Equal(Cases, tickets.Select(t => t.ReporterId).Distinct().Count());
    }

    private T Store<T>(int host)
        where T : notnull => _bots!.Services(host).GetRequiredService<T>();
}
