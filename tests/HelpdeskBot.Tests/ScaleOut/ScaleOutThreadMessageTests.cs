using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Delivery;
using HelpdeskBot.Tests.HelpDesk;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>
/// Issue 11 on two bot hosts sharing one PostgreSQL database: messages under an incident card, queued on both
/// instances after its thread was deleted in Teams, all go into the one new thread the card starts, each exactly once.
/// </summary>
public sealed class ScaleOutThreadMessageTests : ScaleOutBotsTest
{
    private const int Messages = 10;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Tickets:CorrelationWindow"] = "02:00:00", // the scale-out default (0) files one ticket per case, with no incident
        ["Incidents:CardDebounce"] = "00:00:00.200",
        ["Delivery:RetryDelay"] = "00:00:00.200",
    };

    private LoopbackServer _site = null!;

    protected override async Task StartingAsync() => _site = await HelpdeskTeam.StartSiteAsync(() => true);

    protected override async Task StoppedAsync() => await _site.DisposeAsync();

    private static bool IsThreadStart(ConnectorRequest r) => r is { Method: "POST", Path: "/v3/conversations", Succeeded: true } && (bool?)r.Body?["isGroup"] == true;

    [Fact]
    public async Task Messages_queued_on_both_hosts_after_the_thread_was_deleted_go_once_each_into_the_one_new_thread()
    {
        var bots = Bots;
        var connect = HelpdeskTeam.Mention(HelpdeskTeam.ChannelActivity(bots.Connector.ServiceUrl, bots.NextSequence(), "message", HelpdeskTeam.EscalationsChannel + ";messageid=77"), DeskVerbs.ConnectCommand);
        await bots.PostAsync(0, connect);
        await WaitAsync(rs => rs.Any(r => r.Succeeded && ScaleOutBots.Json(r.Card).Contains("Connected", StringComparison.Ordinal)), "the channel connected");
        await bots.PostAsync(1, bots.Message($"I'm getting a 502 on {_site.BaseAddress}", "29:reporter-0", "a:personal-0"));
        await WaitAsync(rs => rs.Any(IsThreadStart), "the incident's thread");
        var first = bots.Connector.Requests.First(IsThreadStart).ResponseId;
        var incidentId = await WaitForThreadAsync(null);

        // The thread is deleted in Teams; both instances then queue the same ten messages under the card.
        bots.Connector.Delete($"{HelpdeskTeam.EscalationsChannel};messageid={first}");
        await Task.WhenAll(Enumerable.Range(0, 2).SelectMany(host => Enumerable.Range(0, Messages).Select(i => Task.Run(() =>
            Store<IncidentBoard>(host).SayInThreadAsync(incidentId, $"test-note:{incidentId}:{i}", $"Note {i} for the help desk", default)))));

        bool Delivered(ConnectorRequest r, int i) => r.Succeeded && r.Text == $"Note {i} for the help desk";
        await WaitAsync(rs => Enumerable.Range(0, Messages).All(i => rs.Any(r => Delivered(r, i))), "every message delivered");
        await DeliveryRows.DrainedAsync(Store<IDeliveryStore>(0), Patience); // nothing queued or in flight on either host: no second send can come

        // One new thread (the card's), every message in it, each once; nothing parked.
        var starts = bots.Connector.Requests.Where(IsThreadStart).ToList();
        Assert.Equal(2, starts.Count);
        var thread = $"/v3/conversations/{HelpdeskTeam.EscalationsChannel};messageid={starts[1].ResponseId}/";
        for (var i = 0; i < Messages; i++)
        {
            var delivered = Assert.Single(bots.Connector.Requests, r => Delivered(r, i));
            Assert.StartsWith(thread, delivered.Path, StringComparison.Ordinal);
        }

        var rows = await Store<IDeliveryStore>(1).CountByStateAsync(default);
        Assert.Equal(0, rows.GetValueOrDefault(DeliveryState.Parked));
    }

    /// <summary>The open incident of the site, once its thread (other than <paramref name="old"/>) is stored.</summary>
    private async Task<string> WaitForThreadAsync(string? old)
    {
        var store = Store<IHelpdeskStore>(0);
        using var deadline = new CancellationTokenSource(Patience, TimeProvider.System);
        while (true)
        {
            if (await store.FindOpenAsync(new Uri(_site.BaseAddress.ToString()).Authority, default) is { } id && (await store.GetAsync(id, default))?.Desk?.ThreadId is { } thread && thread != old)
            {
                return id;
            }

            Assert.False(deadline.IsCancellationRequested, "The incident's thread was never stored.");
            await Task.Delay(50);
        }
    }

    private Task WaitAsync(Func<IReadOnlyList<ConnectorRequest>, bool> done, string what) => WaitAsync(done, what, Patience);
}
