using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>
/// Issue 7: two bot instances sharing one PostgreSQL database (each with its own pool and dispatcher) never
/// lose or duplicate an escalation. Clicks through two whole hosts: <see cref="ScaleOutClickTests"/>; a killed
/// instance as a real process: <see cref="ScaleOutKillTests"/>.
/// </summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private PostgresTestDatabase? _database;
    private FakeWebhookReceiver? _receiver;
    private ScaleOutHost? _a;
    private ScaleOutHost? _b;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("scale-out tests: two hosts on one PostgreSQL database");
        _receiver = await FakeWebhookReceiver.StartAsync();
        _a = await ScaleOutHost.StartAsync(_database.ConnectionString, _receiver.Url, _clock);
        _b = await ScaleOutHost.StartAsync(_database.ConnectionString, _receiver.Url, _clock);
    }

    public async ValueTask DisposeAsync()
    {
        _receiver?.ReleaseHeld();
        foreach (var host in new[] { _a, _b })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Thousand_escalations_queued_on_both_hosts_and_dispatched_by_both_make_exactly_a_thousand_tickets()
    {
        var (a, b, receiver) = (_a!, _b!, _receiver!);

        // Queued from both hosts (half each, some queued twice as double clicks), dispatched by both at once.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(part => Task.Run(async () =>
        {
            for (var i = part; i < 1000; i += 8)
            {
                await (i % 2 == 0 ? a : b).EnqueueAsync(Escalation(i), default);
                if (i % 10 == 0)
                {
                    Assert.False(await (i % 2 == 0 ? b : a).EnqueueAsync(Escalation(i), default));
                }
            }
        })));
        var drained = await Task.WhenAll(Task.Run(() => a.DrainAsync()), Task.Run(() => b.DrainAsync()), Task.Run(() => a.DrainAsync()), Task.Run(() => b.DrainAsync()));

        Assert.Equal(1000, receiver.CreateCount);
        Assert.Equal(1000, receiver.Tickets.Count);
        Assert.All(receiver.Tickets.Values, numbers => Assert.Single(numbers));
        Assert.Equal(1000, drained.Sum());
        Assert.True(drained[0] + drained[2] > 0 && drained[1] + drained[3] > 0, $"both hosts dispatched: {string.Join(", ", drained)}");
        var counts = await a.Outbox.CountByStateAsync(default);
        Assert.Equal((1000, 0, 0, 0), (counts[OutboxState.Sent], counts[OutboxState.Pending], counts[OutboxState.InProgress], counts[OutboxState.Parked]));
        var sent = await b.Outbox.ListAsync(OutboxState.Sent, 2000, default);
        Assert.All(sent, e => Assert.Equal(1, e.Attempts));
        Assert.Equal(1000, sent.Select(e => e.Ticket!.Number).Distinct().Count());
    }

    internal static EscalationRequest Escalation(int i) => Escalation($"req-{i}", $"target-{i}.contoso.test");

    internal static EscalationRequest Escalation(string caseId, string target = "wiki.contoso.com") => new(
        "esc-" + caseId,
        caseId,
        target,
        502,
        $"502 Bad Gateway on {target}",
        $"I'm getting a 502 on {target}",
        new Reporter("29:" + caseId, "User " + caseId, null, null, "tenant-1"),
        Start,
        Start,
        EscalationReason.UserRequested,
        null,
        [],
        "windows",
        "2",
        "3",
        new ServiceRoute(null, null, null, null),
        new ConversationLink("tenant-1", null));
}
