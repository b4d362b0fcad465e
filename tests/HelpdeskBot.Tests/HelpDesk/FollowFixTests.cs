using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using HelpdeskBot.Tests.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// "Tell me when it's fixed" through /api/messages: a reporter whose own check found the site working escalates
/// anyway, asks to be told, and hears once when the help desk resolves the incident the others reported.
/// </summary>
public sealed class FollowFixTests : IAsyncLifetime
{
    private const string Alex = "a:personal-alex";
    private const string Bea = "a:personal-bea";
    private ConversationHost _host = null!;
    private HelpdeskTeam _team = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Incidents:CardDebounce"] = "00:00:00.200",
            ["Conversations:SharedDiagnosisMaxAge"] = "00:00:00", // Alex's report is checked anew, not answered with Bea's
        });
        _team = await HelpdeskTeam.StartAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _team.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static string Text(JsonNode? node) => ConversationHost.Json(node);

    private bool Shows(IReadOnlyList<ConnectorRequest> rs, string conversation, string text) =>
        rs.Any(r => r.Succeeded && r.Path.StartsWith($"/v3/conversations/{conversation}/", StringComparison.Ordinal) && (Text(r.Card) + r.Text).Contains(text, StringComparison.Ordinal));

    private IReadOnlyList<ConnectorRequest> Told(string conversation) =>
        _team.Requests(r => r.Succeeded && r.Method == "POST" && r.Path == $"/v3/conversations/{conversation}/activities" && (r.Text ?? string.Empty).StartsWith("Good news", StringComparison.Ordinal));

    [Fact]
    public async Task A_reporter_whose_check_looked_healthy_escalates_anyway_asks_to_be_told_and_hears_once_when_it_is_fixed()
    {
        await _team.MentionAsync("use this channel for escalations", HelpdeskTeam.EscalationsChannel + ";messageid=77");
        await _host.WaitForCardAsync("Connected");

        // Bea reports the site while it fails: an incident, its ticket and its card in the channel.
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:bea", "Bea Lopez", Bea);
        await _team.WaitUntilAsync(rs => Shows(rs, Bea, "Ticket HD-"), "Bea's ticket");

        // Alex reports it when our servers see it working: steps for his side, and he escalates anyway.
        _team.Failing = false;
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", Alex);
        var (card, activityId, _) = await _host.WaitForCardAsync("Step 1");
        Assert.Null(ConversationHost.FindAction(card, "Tell me when it's fixed"));
        for (var i = 0; i < 6 && !Text(card).Contains("passing this to the help desk", StringComparison.Ordinal); i++)
        {
            var title = ConversationHost.FindAction(card, "Escalate now") is not null ? "Escalate now" : "Still broken";
            card = (await _host.ClickAsync(card, title, activityId, "29:alex", "Alex Wilber", Alex))["value"]!;
        }

        Assert.Contains("passing this to the help desk", Text(card), StringComparison.Ordinal);
        await _team.WaitUntilAsync(rs => Shows(rs, Alex, "Tell me when it's fixed"), "Alex's card offering to tell him when it is fixed");
        var offered = _team.Requests(r => r.Succeeded && r.Path.StartsWith($"/v3/conversations/{Alex}/", StringComparison.Ordinal) && Text(r.Card).Contains("Tell me when it's fixed", StringComparison.Ordinal))[^1];
        _host.Record(offered.Card!);
        Assert.Contains("Ticket HD-", Text(offered.Card), StringComparison.Ordinal);

        // He asks; the card says so in his voice and offers it no more; the same click again changes nothing.
        var following = (await _host.ClickAsync(offered.Card!, "Tell me when it's fixed", activityId, "29:alex", "Alex Wilber", Alex))["value"]!;
        Assert.Contains("I'll tell you here when the help desk marks it fixed.", Text(following), StringComparison.Ordinal);
        Assert.Null(ConversationHost.FindAction(following, "Tell me when it's fixed"));
        var again = (await _host.ClickAsync(offered.Card!, "Tell me when it's fixed", activityId, "29:alex", "Alex Wilber", Alex))["value"]!;
        Assert.Equal(Text(following), Text(again));

        // The help desk resolves the incident: both reporters are told, each exactly once, and Alex's card says fixed.
        var incidentCard = _team.Requests(r => r.Succeeded && (r.Path == "/v3/conversations" || r.Path.StartsWith($"/v3/conversations/{HelpdeskTeam.EscalationsChannel};messageid=", StringComparison.Ordinal))
            && Text(r.Path == "/v3/conversations" ? r.Body?["activity"]?["attachments"]?[0]?["content"] : r.Card).Contains("Check now", StringComparison.Ordinal))[^1];
        var channelCard = (incidentCard.Path == "/v3/conversations" ? incidentCard.Body!["activity"]!["attachments"]![0]!["content"] : incidentCard.Card)!;
        _host.Record(channelCard);
        var resolved = await _team.ClickAsync(channelCard, "Resolve", HelpdeskTeam.EscalationsChannel);
        Assert.Contains("Resolved by Megan Bowen", Text(resolved), StringComparison.Ordinal);
        await _team.WaitUntilAsync(_ => Told(Alex).Count > 0 && Told(Bea).Count > 0, "both reporters told", quiet: TimeSpan.FromMinutes(3));
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Method == "PUT" && r.Path.StartsWith($"/v3/conversations/{Alex}/", StringComparison.Ordinal) && Text(r.Card).Contains("Fixed since", StringComparison.Ordinal)), "Alex's card fixed");
        await DeliveryRows.DrainedAsync(_host.Services.GetRequiredService<IDeliveryStore>(), TimeSpan.FromSeconds(30)); // nothing queued or in flight: no second message can come

        Assert.Single(Told(Alex));
        Assert.Single(Told(Bea));
        var fixedCard = _team.Requests(r => r.Method == "PUT" && r.Path.StartsWith($"/v3/conversations/{Alex}/", StringComparison.Ordinal) && Text(r.Card).Contains("Fixed since", StringComparison.Ordinal))[^1].Card!;
        _host.Record(fixedCard);
        Assert.Null(ConversationHost.FindAction(fixedCard, "Tell me when it's fixed"));
        Assert.NotNull(ConversationHost.FindAction(fixedCard, "Still broken"));
    }

    [Fact]
    public async Task An_escalation_after_a_check_that_saw_the_site_work_is_about_the_users_502_not_the_bots_200()
    {
        await _team.MentionAsync("use this channel for escalations", HelpdeskTeam.EscalationsChannel + ";messageid=77");
        await _host.WaitForCardAsync("Connected");

        // Alex alone reports the site while our servers see it working (200 from nginx), and escalates anyway.
        _team.Failing = false;
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", Alex);
        var (card, activityId, _) = await _host.WaitForCardAsync("Step 1");
        for (var i = 0; i < 6 && !Text(card).Contains("passing this to the help desk", StringComparison.Ordinal); i++)
        {
            var title = ConversationHost.FindAction(card, "Escalate now") is not null ? "Escalate now" : "Still broken";
            card = (await _host.ClickAsync(card, title, activityId, "29:alex", "Alex Wilber", Alex))["value"]!;
        }

        Assert.Contains("passing this to the help desk", Text(card), StringComparison.Ordinal);
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Succeeded && r.Path == "/v3/conversations" && Text(r.Body?["activity"]?["attachments"]?[0]?["content"]).Contains("Check now", StringComparison.Ordinal)), "the incident card");
        var incidentCard = _team.Requests(r => r.Succeeded && r.Path == "/v3/conversations")[^1].Body!["activity"]!["attachments"]![0]!["content"]!;
        _host.Record(incidentCard);

        // The error is the one Alex reported; nginx answered our check with 200 and produced no error (the latest check
        // says so, in its own line).
        var error = incidentCard.ToJsonString();
        Assert.StartsWith("HTTP 502 · ", (string?)incidentCard["body"]?[0]?["inlines"]?[0]?["text"], StringComparison.Ordinal);
        Assert.Contains("{\"title\":\"Error\",\"value\":\"HTTP 502\"}", error, StringComparison.Ordinal);
        Assert.Contains("3 of 3 requests succeeded (HTTP 200 from nginx)", error, StringComparison.Ordinal); // the check, as it was
    }
}
