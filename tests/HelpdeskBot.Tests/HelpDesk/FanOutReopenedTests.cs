using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Tests.Conversations;
using HelpdeskBot.Tickets.Incidents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// An incident reopened while its resolution's fan-out still walks the reporters (in the background): the fan-out is
/// held at its second reporter's message (a delivery queue that waits there), an agent reopens, the fan-out goes on.
/// </summary>
public sealed class FanOutReopenedTests : IAsyncLifetime
{
    private const int Reporters = 3;
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private readonly HeldDeliveryQueue _queue = new() { HoldAt = 2 };
    private ConversationHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(_clock, new Dictionary<string, string?> { ["Incidents:WatchPoll"] = "00:10:00" }, _queue.Replace);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Release();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_reporter_not_yet_told_when_the_incident_is_reopened_is_not_told_it_is_fixed()
    {
        var services = _host.Services;
        var incidentId = await ResolveHeldThenReopenAsync();
        _queue.Release();
        await WalkedAsync(incidentId);

        // The incident is open again: no reporter's case says it is fixed, and the one not reached before the
        // reopening got no "fixed" message queued (the two reached before had theirs queued, true when queued; they are
        // dropped at send since the incident was reopened; their cards now say it was reopened).
        var repository = services.GetRequiredService<CaseRepository>();
        var states = new List<CaseState>();
        for (var i = 0; i < Reporters; i++)
        {
            var c = await repository.GetAsync($"c-seed-{i}", default);
            Assert.NotNull(c);
            states.Add(c.Value.State);
        }

        Assert.All(states, s => Assert.Null(s.FixedAt));
        Assert.Equal(2, _queue.Messages.Count);
        Assert.Equal(DeskStatus.New, (await services.GetRequiredService<IHelpdeskStore>().GetAsync(incidentId, default))?.Desk?.Status);
    }

    [Fact]
    public async Task A_second_resolution_during_the_first_fan_out_keeps_its_marks_on_every_case()
    {
        var services = _host.Services;

        // Resolved; the first fan-out is held at its second reporter's message; reopened; resolved again (its fan-out
        // tells every reporter of the second resolution); then the first fan-out goes on.
        var incidentId = await ResolveHeldThenReopenAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(IncidentActionOutcome.Done, (await services.GetRequiredService<IncidentDesk>().ResolveNowAsync(incidentId, "Adele Vance", "test", CancellationToken.None)).Outcome);
        _queue.Release();
        await WalkedAsync(incidentId);

        // Resolved (the second time): every reporter's case says fixed since the second resolution, told of it once.
        var found = await services.GetRequiredService<IHelpdeskStore>().GetAsync(incidentId, default);
        Assert.Equal((DeskStatus.Resolved, 2, false), (found!.Desk!.Status, found.Desk.Resolutions, found.NotifyPending));
        var repository = services.GetRequiredService<CaseRepository>();
        for (var i = 0; i < Reporters; i++)
        {
            var c = await repository.GetAsync($"c-seed-{i}", default);
            Assert.Equal((found.Desk.ResolvedAt, (int?)2), (c!.Value.State.FixedAt, c.Value.State.FixedResolution));
            Assert.Single(_queue.Messages, k => k == ResolutionFanOut.MessageKey(incidentId, 2, $"29:reporter-{i}"));
        }
    }

    /// <summary>
    /// Seeds the incident, resolves it (the click answers; the fan-out runs in the background), and reopens it while
    /// the resolution's fan-out is held at its second message.
    /// </summary>
    private async Task<string> ResolveHeldThenReopenAsync()
    {
        var incidentId = await IncidentSeed.SeedAsync(_host.Services, _host.Connector.ServiceUrl, ConversationHost.BotId, "19:team", "19:desk@thread.tacv2", new Uri("https://wiki.contoso.test/"), Reporters, default);
        var desk = _host.Services.GetRequiredService<IncidentDesk>();
        Assert.Equal(IncidentActionOutcome.Done, (await desk.ResolveNowAsync(incidentId, "Megan Bowen", "test", CancellationToken.None)).Outcome);
        await _queue.Held.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
        var reopened = await desk.ReopenAsync(incidentId, new HelpdeskAgent("agent-2", "Adele Vance", "teams"), CancellationToken.None);
        Assert.Equal(IncidentActionOutcome.Done, reopened.Outcome);
        return incidentId;
    }

    /// <summary>Until the background walks are done: the last step's flag is cleared (bounded, real time).</summary>
    private async Task WalkedAsync(string incidentId)
    {
        var store = _host.Services.GetRequiredService<IHelpdeskStore>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30), TimeProvider.System);
        while ((await store.GetAsync(incidentId, default))!.NotifyPending)
        {
            Assert.False(deadline.IsCancellationRequested, "The walks did not finish.");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }
}
