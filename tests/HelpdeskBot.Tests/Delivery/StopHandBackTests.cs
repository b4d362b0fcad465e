using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.Delivery;

/// <summary>
/// A graceful stop while a card is on its way (a restart, a deploy): the stopping host hands the row it holds back,
/// due now, so the next host on the same store sends the card at once — not when the stopped host's lease lapses
/// (<c>Delivery:Lease</c>, 2 minutes) — and the card reaches the user once.
/// </summary>
public sealed class StopHandBackTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private ConversationHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ConversationHost.StartAsync(_clock);

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _host.DisposeAsync();
    }

    private IDeliveryStore Deliveries => _host.Services.GetRequiredService<IDeliveryStore>();

    [Fact]
    public async Task A_card_in_flight_when_its_host_stops_is_sent_by_the_next_host_at_once_and_once()
    {
        // The connector holds the card's send unanswered: it is in flight, its row leased to this host.
        var held = _host.Connector.HoldNext(r => r.Card is not null);
        await _host.SayAsync("every site gives me 502");
        _host.Record((await held.WaitAsync(Patience, TimeProvider.System)).Card!); // held for its card
        var caseId = Assert.Single(await _host.Services.GetRequiredService<ICaseStore>().ListByUserAsync("29:alex", 10, default)).CaseId;
        var row = await Deliveries.FindAsync(CaseCardSource.CardKind, caseId, default);
        Assert.Equal(DeliveryState.InProgress, row?.State);
        var lease = row!.LeaseExpiresAt; // FindAsync found it just above
        Assert.True(lease > _clock.GetUtcNow(), "the row's lease runs on");

        // A graceful stop cancels the send (the connector sees its caller go), then a new host starts on the same store.
        await _host.RestartAsync();
        _ = _host.Services; // starts the new host
        await CutAsync();

        // The new host sends the card on its own, the fake clock standing still: far before the old lease ends.
        var (_, activityId, sent) = await _host.WaitForCardAsync("Every site fails for you");
        Assert.Equal("POST", sent.Method);
        Assert.True(_clock.GetUtcNow() < lease, "the clock passed the stopped host's lease");

        // Exactly once: the card's row is done (nothing waits or is in flight to send it again), the case keeps the
        // activity it went out as, and the connector accepted one card.
        using var deadline = new CancellationTokenSource(Patience, TimeProvider.System);
        while (await Deliveries.FindAsync(CaseCardSource.CardKind, caseId, default) is { } left)
        {
            Assert.False(deadline.IsCancellationRequested, $"The card's row stays {left.State}.");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        Assert.Equal(activityId, (await _host.Services.GetRequiredService<ICaseStore>().GetAsync(caseId, default))!.CardActivityId);
        Assert.Single(_host.Connector.Requests, r => r.Succeeded && r.Card is not null);
    }

    /// <summary>Until the connector has seen the held send's caller go (the send cut, never answered).</summary>
    private async Task CutAsync()
    {
        while (true)
        {
            // Counted before the check: a request arriving between the check and the count would be waited past.
            var seen = _host.Connector.Requests.Count;
            if (_host.Connector.Requests.Any(r => r.Status == 499 && r.Card is not null))
            {
                return;
            }

            await _host.Connector.WaitForRequestsAsync(seen + 1, Patience);
        }
    }
}
