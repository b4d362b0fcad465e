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
public sealed class ScaleOutClickTests : ScaleOutBotsTest
{
    private const int Cases = 20;
    private const int ClicksPerCase = 10; // 200 in the burst
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_hundred_concurrent_clicks_on_twenty_cases_from_both_hosts_keep_every_case_history_consistent()
    {
        var bots = Bots;

        // Twenty users report at once, alternately to each host. "Every site" needs no probe: the first step card
        // (proxy, router, DNS: three steps, then the help desk) replaces the acknowledgement at once.
        var users = Enumerable.Range(0, Cases).Select(c => (User: $"29:user-{c}", Conversation: $"a:personal-{c}")).ToArray();
        await Task.WhenAll(users.Select((u, c) => bots.PostAsync(c % 2, bots.Message("every site gives me 502", u.User, u.Conversation))));
        var started = await Task.WhenAll(users.Select(u => bots.WaitForCardAsync(u.Conversation, "Step 1:", Patience)));
        var caseIds = started.Select(s => (string)ScaleOutBots.FindAction(s.Card, "Still broken")!["data"]!["caseId"]!).ToArray();

        // 200 clicks in flight at once: ten per case on its step 1 card, alternating between the hosts and between
        // "Still broken" and "I can't do this" (both lead to step 2). Exactly one per case may be applied; every
        // other click is answered with the card of the case as it now is.
        var burst = Enumerable.Range(0, Cases * ClicksPerCase).Select(i => (Case: i % Cases, Host: (i / Cases) % 2, Answer: (i / Cases) % 4 < 2 ? "Still broken" : "I can't do this")).ToArray();
        var burstAnswers = await Task.WhenAll(burst.Select(click => Task.Run(() =>
        {
            var (card, activityId) = started[click.Case];
            var (user, conversation) = users[click.Case];
            return bots.PostAsync(click.Host, bots.Invoke(ScaleOutBots.FindAction(card, click.Answer)!, activityId, user, conversation));
        })));

        // Then every case to the end, all cases at once: each round both hosts receive the same click on the card the
        // user sees (a double click landing on two instances). Step 2 → step 3 → the help desk; the last round clicks
        // the stale step 3 card again.
        var rounds = await Task.WhenAll(Enumerable.Range(0, Cases).Select(c => Task.Run(async () =>
        {
            var card = burstAnswers[c]!["value"]!;
            var stepCard = card;
            var answers = new List<(long ClickedVersion, JsonNode[] Responses)>();
            for (var round = 0; round < 3; round++)
            {
                var action = ScaleOutBots.FindAction(card, "Still broken") ?? ScaleOutBots.FindAction(stepCard, "Still broken")!;
                var clicked = long.Parse((string)action["data"]!["v"]!, CultureInfo.InvariantCulture);
                var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(host => bots.PostAsync((host + c) % 2, bots.Invoke(action, started[c].ActivityId, users[c].User, users[c].Conversation))));
                answers.Add((clicked, responses.Select(r => r!).ToArray()));
                stepCard = ScaleOutBots.FindAction(card, "Still broken") is not null ? card : stepCard;
                card = responses.Select(r => r!["value"]!).MaxBy(ScaleOutBots.VersionOf)!;
            }

            return answers;
        })));

        // Each case's card ends with its ticket (the outbox of either host filed it, through the embedded provider).
        await Task.WhenAll(users.Select(u => bots.WaitForCardAsync(u.Conversation, "Ticket HD-", Patience)));

        var stores = new[] { Store<ICaseStore>(0), Store<ICaseStore>(1) };
        var stepOneVersion = ScaleOutBots.VersionOf(started[0].Card);
        for (var c = 0; c < Cases; c++)
        {
            // The burst: all ten clicks answered with one and the same card, step 2 at the next version.
            var answered = Enumerable.Range(0, ClicksPerCase).Select(k => burstAnswers[c + (k * Cases)]!).ToList();
            Assert.All(answered, a => Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)a["type"]));
            Assert.Single(answered.Select(ScaleOutBots.Json).Distinct());
            Assert.Equal(stepOneVersion + 1, ScaleOutBots.VersionOf(answered[0]["value"]!));
            Assert.Contains("Step 2:", ScaleOutBots.Json(answered[0]), StringComparison.Ordinal);

            // The double clicks: both carried the same version, both answers show the next step (one was applied,
            // the other answered with the card it produced); the stale click changed nothing.
            var r = rounds[c];
            Assert.Equal([stepOneVersion + 1, stepOneVersion + 2, stepOneVersion + 2], r.Select(x => x.ClickedVersion));
            Assert.All(r[0].Responses, a => Assert.Contains("Step 3:", ScaleOutBots.Json(a), StringComparison.Ordinal));
            Assert.All(r[0].Responses, a => Assert.Equal(stepOneVersion + 2, ScaleOutBots.VersionOf(a["value"]!)));
            Assert.All(r[1].Responses.Concat(r[2].Responses), a => Assert.Contains("passing this to the help desk", ScaleOutBots.Json(a), StringComparison.Ordinal));

            // The audit history is the same from both hosts: contiguous versions in time order, each step answered once.
            var history = await stores[0].GetEventsAsync(caseIds[c], default);
            Assert.Equal(history, await stores[1].GetEventsAsync(caseIds[c], default));
            Assert.Equal(Enumerable.Range(1, history.Count).Select(v => (long)v), history.Select(e => e.Version));
            Assert.Equal(history.OrderBy(e => e.At).Select(e => e.Version), history.Select(e => e.Version));
            Assert.Equal(["created", "diagnosed", "answered", "answered", "escalated", "ticket"], history.Select(e => e.Kind));
            Assert.Equal(3, history.Where(e => e.Kind is "answered" or "escalated").Select(e => e.DataJson.Split('=')[0]).Distinct().Count()); // three different steps

            // Final state equal on both hosts, in the store and as the card each host answers a refresh with.
            var record = await stores[0].GetAsync(caseIds[c], default);
            Assert.Equal(record, await stores[1].GetAsync(caseIds[c], default));
            Assert.Equal(history[^1].Version, record!.Version);
            var refresh = new JsonObject { ["title"] = "Refresh", ["verb"] = "case.refresh", ["data"] = new JsonObject { ["caseId"] = caseIds[c], ["v"] = "0" } };
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
}
