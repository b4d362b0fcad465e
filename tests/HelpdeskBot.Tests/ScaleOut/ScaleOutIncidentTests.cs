using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Delivery;
using HelpdeskBot.Tests.HelpDesk;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Incidents;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>
/// Issue 11 on two whole bot hosts sharing one PostgreSQL database: reports of one failing site arriving at both
/// instances at once make one incident, one thread in the help-desk channel and one card there, updated in place.
/// </summary>
public sealed class ScaleOutIncidentTests : ScaleOutBotsTest
{
    private const int Reporters = 20;

    /// <summary>The default debounce (Incidents:CardDebounce): the wave of reports is a few intervals long at most.</summary>
    private static readonly TimeSpan Debounce = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Tickets:CorrelationWindow"] = "02:00:00", // the scale-out default (0) files one ticket per case
        ["Incidents:CardDebounce"] = "00:00:10",
    };

    private LoopbackServer _site = null!;

    /// <summary>The failing site starts first: the hosts' probes take their allowed ports when they start.</summary>
    protected override async Task StartingAsync() => _site = await HelpdeskTeam.StartSiteAsync(() => true);

    protected override async Task StoppedAsync() => await _site.DisposeAsync();

    private static string ThreadPrefix => $"/v3/conversations/{HelpdeskTeam.EscalationsChannel};messageid=";

    private static bool IsThreadStart(ConnectorRequest r) => r is { Method: "POST", Path: "/v3/conversations" } && (bool?)r.Body?["isGroup"] == true;

    private static bool IsIncidentCard(ConnectorRequest r) =>
        (IsThreadStart(r) || (r.Method == "PUT" && r.Path.StartsWith(ThreadPrefix, StringComparison.Ordinal))) && r.Succeeded;

    [Fact]
    public async Task Twenty_concurrent_reporters_on_two_hosts_make_one_thread_and_one_card_that_counts_them_all_in_a_few_updates()
    {
        var bots = Bots;
        var site = _site;

        // The help desk connects its channel ("@HelpdeskBot use this channel for escalations") through host 0.
        var connect = HelpdeskTeam.Mention(HelpdeskTeam.ChannelActivity(bots.Connector.ServiceUrl, bots.NextSequence(), "message", HelpdeskTeam.EscalationsChannel + ";messageid=77"), DeskVerbs.ConnectCommand);
        await bots.PostAsync(0, connect);
        await WaitAsync(rs => rs.Any(r => r.Succeeded && ScaleOutBots.Json(r.Card).Contains("Connected", StringComparison.Ordinal)), "the channel connected");

        // Twenty people report the same failing site at once, alternately to each host.
        var users = Enumerable.Range(0, Reporters).Select(i => (User: $"29:reporter-{i}", Conversation: $"a:personal-{i}")).ToArray();
        await Task.WhenAll(users.Select((u, i) => Task.Run(() => bots.PostAsync(i % 2, bots.Message($"I'm getting a 502 on {site.BaseAddress}", u.User, u.Conversation)))));

        // Every reporter's card shows the one shared ticket; the channel's card counts all twenty.
        bool ShowsTicket(IReadOnlyList<ConnectorRequest> rs, string conversation) =>
            rs.Any(r => r.Succeeded && r.Path.StartsWith($"/v3/conversations/{conversation}/", StringComparison.Ordinal) && ScaleOutBots.Json(r.Card).Contains("Ticket HD-", StringComparison.Ordinal));
        await WaitAsync(rs => users.All(u => ShowsTicket(rs, u.Conversation)), "every reporter's card with the ticket");
        var lastTicketShown = bots.Connector.Requests.Where(r => users.Any(u => r.Path.StartsWith($"/v3/conversations/{u.Conversation}/", StringComparison.Ordinal)) && ScaleOutBots.Json(r.Card).Contains("Ticket HD-", StringComparison.Ordinal)).Max(r => r.At);
        await WaitAsync(rs => rs.Where(IsIncidentCard).LastOrDefault() is { } last && ScaleOutBots.Json(last.Card).Contains($"{Reporters} people", StringComparison.Ordinal), $"the incident card counting {Reporters}");
        // Every card update queued (the debounced ones wait as delivery rows due later) has gone out or been parked:
        // nothing more comes without a new report, however slow the machine (a quiet spell would only say nothing came lately).
        await DeliveryRows.DrainedAsync(Store<IDeliveryStore>(0), Patience);

        var requests = bots.Connector.Requests;
        var start = Assert.Single(requests, IsThreadStart);
        var cards = requests.Where(IsIncidentCard).ToList();
        Assert.All(cards.Skip(1), r => Assert.Equal($"{ThreadPrefix}{start.ResponseId}/activities/{start.ResponseId}", r.Path));
        Assert.Contains($"{Reporters} people", ScaleOutBots.Json(cards[^1].Card), StringComparison.Ordinal);
        Assert.DoesNotContain(requests, r => r.Path.StartsWith(ThreadPrefix, StringComparison.Ordinal) && !r.Succeeded);

        // Debounced: at most one update per interval while reports arrived (plus the one after the last and one that
        // coalesced with a send in flight), and never one per report.
        var updates = cards.Count - 1;
        var bound = (int)Math.Ceiling((lastTicketShown - start.At) / Debounce) + 2;
        Assert.True(updates <= bound && updates < Reporters / 2, $"{updates} updates of the incident card for {Reporters} reports over {(lastTicketShown - start.At).TotalSeconds:F1} s (bound {bound}, debounce {Debounce.TotalSeconds} s)");

        // One incident and one ticket with all twenty on it, seen alike from both hosts.
        var tickets = await Store<IEmbeddedTicketStore>(1).ListAsync(new EmbeddedTicketQuery(), default);
        Assert.Single(tickets);
        var desk = Store<IHelpdeskStore>(0);
        var incidentId = await desk.FindOpenAsync(new Uri(site.BaseAddress.ToString()).Authority, default);
        Assert.NotNull(incidentId);
        Assert.Equal(incidentId, await Store<IHelpdeskStore>(1).FindOpenAsync(new Uri(site.BaseAddress.ToString()).Authority, default));
        var incident = await Store<IIncidentStore>(1).GetAsync(incidentId!, default);
        Assert.Equal(Reporters, incident!.AffectedUsers);
        Assert.Equal(Reporters, (await desk.ListCasesAsync(incidentId!, default)).Select(c => c.ReporterId).Distinct().Count());
    }

    private Task WaitAsync(Func<IReadOnlyList<ConnectorRequest>, bool> done, string what) => WaitAsync(done, what, Patience, async () =>
    {
        var outbox = await Store<HelpdeskBot.Tickets.Outbox.OutboxAdmin>(0).ListAsync(null, 100, default);
        return "Outbox:\n"
            + string.Join('\n', outbox.Select(o => $"{o.Id} {o.EscalationId} {o.State} attempts {o.Attempts} next {o.NextAttemptAt:HH:mm:ss.fff} lease {o.LeaseOwner} {o.LeaseExpiresAt:HH:mm:ss.fff} ticket {o.Ticket?.Number} {o.LastError}"))
            + "\nCase 0: " + string.Join(" ", (await Store<HelpdeskBot.Conversations.Cases.ICaseStore>(0).ListByUserAsync("29:reporter-0", 1, default)).Select(c => c.StateJson));
    });
}
