using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.Conversations;

/// <summary>
/// Idle expiry through /api/messages with the host on a fake clock: nothing sleeps, the clock is moved past
/// Conversations:CaseIdleTimeout. The "every site" report keeps probes (and their timeouts) out of it.
/// </summary>
public sealed class IdleExpiryTests : IAsyncLifetime
{
    private const string Abandoned = "I closed this check after 30 minutes without an answer.";

    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private ConversationHost _host = null!;

    /// <summary>Set per test before the host starts.</summary>
    private TimeSpan _sweepInterval = TimeSpan.FromMinutes(1);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private async Task StartAsync(TimeSpan sweepInterval)
    {
        _sweepInterval = sweepInterval;
        _host = await ConversationHost.StartAsync(_clock, new Dictionary<string, string?>
        {
            ["Conversations:CaseIdleTimeout"] = "00:30:00",
            ["Conversations:IdleSweepInterval"] = sweepInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _host.DisposeAsync();
    }

    private static string Text(JsonNode card) => ConversationHost.Json(card);

    [Fact]
    public async Task The_sweeper_closes_an_idle_case_with_a_resume_card_and_resume_continues_at_the_same_step()
    {
        await StartAsync(TimeSpan.FromMinutes(1));
        await _host.SayAsync("every site gives me 502");
        var (step1, cardId, _) = await _host.WaitForCardAsync("Every site fails for you");
        var step2 = (await _host.ClickAsync(step1, "Still broken", cardId))["value"]!;
        Assert.Contains("Step 2: Restart your router, modem and computer", Text(step2), StringComparison.Ordinal);

        // Past the idle time: the sweeper's timer (on the same clock) closes the case and updates its card in place.
        var before = _host.Connector.Requests.Count;
        _clock.Advance(TimeSpan.FromMinutes(31));
        var (closed, closedId, update) = await AdvanceUntilCardAsync(Abandoned, before);
        Assert.Equal("PUT", update.Method);
        Assert.Equal(cardId, closedId);
        Assert.Contains("You were on step 2: Restart your router, modem and computer.", Text(closed), StringComparison.Ordinal);
        Assert.NotNull(ConversationHost.FindAction(closed, "Resume"));
        Assert.Null(ConversationHost.FindAction(closed, "Still broken"));
        Assert.Equal("Check closed after no answer. Resume to continue.", (string?)closed["fallbackText"]);

        // The old step card's buttons answer with the current (closed) card and move nothing.
        var stale = (await _host.ClickAsync(step2, "Still broken", cardId))["value"]!;
        Assert.Contains(Abandoned, Text(stale), StringComparison.Ordinal);

        // Resume brings the flow back where it was, and it goes on from there.
        var resumed = (await _host.ClickAsync(closed, "Resume", cardId))["value"]!;
        Assert.Contains("Step 2: Restart your router, modem and computer", Text(resumed), StringComparison.Ordinal);
        var step3 = (await _host.ClickAsync(resumed, "Still broken", cardId))["value"]!;
        Assert.Contains("Step 3: Use a public DNS resolver", Text(step3), StringComparison.Ordinal);

        await _host.SayAsync("status");
        var (status, _, _) = await _host.WaitForCardAsync("Your recent reports");
        Assert.Contains("In progress · step 3: Use a public DNS resolver", Text(status), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_click_after_the_idle_time_before_any_sweep_answers_with_the_closed_card_and_applies_nothing()
    {
        await StartAsync(TimeSpan.FromHours(1)); // no sweep within the test: the click itself finds the case idle
        await _host.SayAsync("every site gives me 502");
        var (step1, cardId, _) = await _host.WaitForCardAsync("Every site fails for you");

        _clock.Advance(TimeSpan.FromMinutes(31));
        var answer = (await _host.ClickAsync(step1, "Still broken", cardId))["value"]!;

        Assert.Contains(Abandoned, Text(answer), StringComparison.Ordinal);
        Assert.Contains("You were on step 1: Try without the proxy.", Text(answer), StringComparison.Ordinal);
        var resumed = (await _host.ClickAsync(answer, "Resume", cardId))["value"]!;
        Assert.Contains("Step 1: Try without the proxy", Text(resumed), StringComparison.Ordinal); // "Still broken" was not applied
        var step2 = (await _host.ClickAsync(resumed, "Still broken", cardId))["value"]!;
        Assert.Contains("Step 2: Restart your router", Text(step2), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_answered_within_the_idle_time_stays_open()
    {
        await StartAsync(TimeSpan.FromMinutes(1));
        await _host.SayAsync("every site gives me 502");
        var (step1, cardId, _) = await _host.WaitForCardAsync("Every site fails for you");

        _clock.Advance(TimeSpan.FromMinutes(29));
        var step2 = (await _host.ClickAsync(step1, "Still broken", cardId))["value"]!;
        _clock.Advance(TimeSpan.FromMinutes(29)); // 58 minutes after the report, 29 after the last answer

        var step3 = (await _host.ClickAsync(step2, "Still broken", cardId))["value"]!;
        Assert.Contains("Step 3: Use a public DNS resolver", Text(step3), StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Connector.Requests, r => r.Card is { } c && Text(c).Contains(Abandoned, StringComparison.Ordinal));
    }

    /// <summary>
    /// Moves the clock one sweep interval at a time until the card shows up: the sweeper's periodic timer is
    /// created when its background service starts, which may be just after the first move.
    /// </summary>
    private async Task<(JsonNode Card, string ActivityId, HelpdeskBot.Testing.ConnectorRequest Request)> AdvanceUntilCardAsync(string text, int after)
    {
        for (var i = 0; i < 10; i++)
        {
            foreach (var r in _host.Connector.Requests.Skip(after))
            {
                if (r.Card is { } c && Text(c).Contains(text, StringComparison.Ordinal))
                {
                    return await _host.WaitForCardAsync(text, after);
                }
            }

            try
            {
                await _host.Connector.WaitForRequestsAsync(_host.Connector.Requests.Count + 1, TimeSpan.FromSeconds(2));
            }
            catch (OperationCanceledException)
            {
                _clock.Advance(_sweepInterval);
            }
        }

        return await _host.WaitForCardAsync(text, after);
    }
}
