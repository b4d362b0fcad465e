using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using HelpdeskBot.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// <c>Tickets:HelpdeskChannel</c> deleted in Teams: the first send that finds out marks it gone, routing skips it from
/// then on (no incident is posted into it again, none claims the help desk was told), and /health/ready says so.
/// </summary>
public sealed class ConfiguredChannelTests : IAsyncLifetime
{
    private const string Configured = "19:configured-desk@thread.tacv2";

    private ConversationHost _host = null!;
    private HelpdeskTeam _team = null!;
    private string? _connectorUrl;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Incidents:CardDebounce"] = "00:00:00.200" },
            services: s => s.PostConfigure<TicketsOptions>(o => o.HelpdeskChannel = new HelpdeskChannelOptions { ServiceUrl = _connectorUrl, ConversationId = Configured, TenantId = "tenant-1" }));
        _connectorUrl = _host.Connector.ServiceUrl;
        _team = await HelpdeskTeam.StartAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _team.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static bool IsThreadStartIn(ConnectorRequest r, string channel) =>
        r is { Method: "POST", Path: "/v3/conversations" } && (string?)r.Body?["channelData"]?["channel"]?["id"] == channel;

    [Fact]
    public async Task A_deleted_configured_channel_is_skipped_from_then_on_and_readiness_says_degraded()
    {
        Assert.Equal("Healthy", await _host.ReadyAsync());
        _host.Connector.Delete(Configured);

        // The first incident finds out: the channel is marked gone, and with no other channel the incident has none.
        await _host.SayAsync($"I'm getting a 502 on {_team.SiteUrl}", "29:alex", "Alex Wilber", "a:personal-alex");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, Configured) && r.Status == 404), "the configured channel answering 404");
        // Marked gone by the send that met the 404, right after its answer: the wait is bounded like the others (30 s),
        // not by 200 polls of 50 ms.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30), TimeProvider.System);
        while (await _host.ReadyAsync() != "Degraded" && !deadline.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        Assert.Equal("Degraded", await _host.ReadyAsync());

        // Another report joins the incident: nothing is posted into the deleted channel again.
        await _host.SayAsync($"bad gateway on {_team.SiteUrl}", "29:bea", "Bea Lopez", "a:personal-bea");
        await _team.WaitUntilAsync(rs => rs.Any(r => r.Path.StartsWith("/v3/conversations/a:personal-bea/", StringComparison.Ordinal) && ConversationHost.Json(r.Card).Contains("2 people", StringComparison.Ordinal)), "Bea's card with the incident");
        Assert.Single(_team.Requests(r => IsThreadStartIn(r, Configured)));

        // A channel connected from Teams takes the incidents from now on.
        await _team.MentionAsync("use this channel for escalations", HelpdeskTeam.EscalationsChannel);
        await _host.SayAsync($"still 502 on {_team.SiteUrl}", "29:cem", "Cem Aydin", "a:personal-cem");
        await _team.WaitUntilAsync(rs => rs.Any(r => IsThreadStartIn(r, HelpdeskTeam.EscalationsChannel) && r.Succeeded && ConversationHost.Json(r.Body).Contains("3 people", StringComparison.Ordinal)), "the incident in the connected channel");
        Assert.Single(_team.Requests(r => IsThreadStartIn(r, Configured)));
        _host.Record(_team.Requests(r => IsThreadStartIn(r, HelpdeskTeam.EscalationsChannel) && r.Succeeded)[^1].Body!["activity"]!["attachments"]![0]!["content"]!);

        // The card parked by the deleted channel went out in the connected one: nothing is left undelivered.
        var rows = await _host.Services.GetRequiredService<IDeliveryStore>().CountByStateAsync(default);
        Assert.Equal(0, rows.GetValueOrDefault(DeliveryState.Parked));
    }
}
