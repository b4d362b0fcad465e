using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>
/// Issue 12 item 7 across instances: the Bot Service redelivers an activity when the bot is slow, and behind a
/// load balancer the redelivery may land on the other instance, even while the first is still handling it. Two
/// whole bot hosts on one PostgreSQL database: every delivery gets the same answer, and one case and one
/// escalation are made.
/// </summary>
public sealed class ScaleOutRedeliveryTests : ScaleOutBotsTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_report_and_its_clicks_redelivered_to_both_instances_make_one_case_and_one_escalation()
    {
        var bots = Bots;
        const string user = "29:redelivered";
        const string conversation = "a:personal-redelivered";

        // The report four times at once, alternating hosts, then once more after the first answer.
        var report = bots.Message("every site gives me 502", user, conversation);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => bots.PostAsync(i % 2, report))));
        await bots.PostAsync(1, report);
        var (card, cardId) = await bots.WaitForCardAsync(conversation, "Step 1:", Patience);

        var cases = await Store<ICaseStore>(0).ListByUserAsync(user, 10, default);
        Assert.Single(cases);
        var acknowledgements = bots.Connector.Requests.Count(r => r.Method == "POST" && r.Path.StartsWith($"/v3/conversations/{conversation}/activities", StringComparison.Ordinal) && r.Card is not null);
        Assert.Equal(1, acknowledgements);

        // Each click to the help desk delivered to both hosts at once and redelivered: one and the same answer.
        for (var round = 0; round < 3; round++)
        {
            var click = bots.Invoke(ScaleOutBots.FindAction(card, "Still broken")!, cardId, user, conversation);
            var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => bots.PostAsync(i % 2, click))));
            answers = [.. answers, await bots.PostAsync(round % 2, click)];
            Assert.Single(answers.Select(ScaleOutBots.Json).Distinct());
            card = answers[0]!["value"]!;
        }

        Assert.Contains("passing this to the help desk", ScaleOutBots.Json(card), StringComparison.Ordinal);
        await bots.WaitForCardAsync(conversation, "Ticket HD-", Patience);
        var history = await Store<ICaseStore>(1).GetEventsAsync(cases[0].CaseId, default);
        Assert.Equal(["created", "diagnosed", "answered", "answered", "escalated", "ticket"], history.Select(e => e.Kind));
        var outbox = await Store<IOutboxStore>(0).CountByStateAsync(default);
        Assert.Equal(1, outbox.Values.Sum());
    }
}
