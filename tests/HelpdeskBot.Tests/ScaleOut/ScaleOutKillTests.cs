using HelpdeskBot.Testing;
using HelpdeskBot.Tests.EndToEnd;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>
/// Issue 7: one instance is a real HelpdeskBot process (<c>dotnet HelpdeskBot.dll</c>) that is killed with SIGKILL
/// while it holds outbox leases and waits on the ticket system; the other instance (in this test process, on a fake
/// clock) leaves those rows alone until the leases expire, then finishes them: one ticket per escalation.
/// </summary>
public sealed class ScaleOutKillTests : IAsyncLifetime
{
    private const int Escalations = 100;
    private const int HeldCreates = 4; // OutboxOptions.Concurrency: the process sends this many at once

    // The surviving instance's clock starts at the real time, because the killed process stamps its leases with
    // its real clock; advancing the fake clock past the lease makes them expire without waiting.
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private PostgresTestDatabase? _database;
    private FakeWebhookReceiver? _receiver;
    private ScaleOutHost? _survivor;
    private BotProcess? _victim;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("scale-out tests: a killed bot process on one PostgreSQL database");
        _receiver = await FakeWebhookReceiver.StartAsync();
        _survivor = await ScaleOutHost.StartAsync(_database.ConnectionString, _receiver.Url, _clock);
    }

    public async ValueTask DisposeAsync()
    {
        _receiver?.ReleaseHeld();
        if (_victim is not null)
        {
            await _victim.DisposeAsync();
        }

        if (_survivor is not null)
        {
            await _survivor.DisposeAsync();
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
    public async Task A_bot_process_killed_mid_dispatch_leaves_its_work_to_the_other_instance_which_finishes_it_without_duplicates()
    {
        var (survivor, receiver) = (_survivor!, _receiver!);
        for (var i = 0; i < Escalations; i++)
        {
            await survivor.EnqueueAsync(ScaleOutTests.Escalation(i), default);
        }

        // The ticket system creates the first tickets the process asks for, but the process never hears back.
        receiver.HoldNextCreates = HeldCreates;
        _victim = await BotProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Storage__Provider"] = "Postgres",
            ["Storage__Postgres__ConnectionString"] = _database!.ConnectionString,
            ["Tickets__Provider"] = "Webhook",
            ["Tickets__Webhook__Url"] = receiver.Url.AbsoluteUri,
            ["Tickets__Webhook__Secret"] = "scale-out-test-secret-0123456789abcdef",
            ["Tickets__PublicBaseUrl"] = "https://bot.contoso.test/",
            ["Tickets__CorrelationWindow"] = "00:00:00",
            ["Tickets__Resilience__MaxRetryAttempts"] = "0",
            ["Tickets__Outbox__Concurrency"] = HeldCreates.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tickets__Outbox__PollInterval"] = "00:00:00.200",
        });
        await WaitUntilAsync(() => receiver.HeldCount == HeldCreates, _victim);
        var leased = await survivor.Outbox.ListAsync(OutboxState.InProgress, 1000, default);
        await _victim.Process.KillAsync();

        Assert.Equal(137, _victim.Process.ExitCode); // 128 + SIGKILL: no graceful shutdown ran
        Assert.NotEmpty(leased);
        Assert.Equal(HeldCreates, receiver.CreateCount);

        // Before the leases expire the survivor leaves the dead process's rows alone and sends the rest; after, it
        // takes them over and, finding the tickets the ticket system made, records them instead of making new ones.
        var beforeExpiry = await survivor.DrainAsync();
        Assert.Equal(Escalations - leased.Count, beforeExpiry);
        Assert.Equal(leased.Select(e => e.Id).Order(), (await survivor.Outbox.ListAsync(OutboxState.InProgress, 1000, default)).Select(e => e.Id).Order());
        _clock.Advance(new OutboxOptions().Lease + TimeSpan.FromMinutes(1));
        var afterExpiry = await survivor.DrainAsync();
        Assert.Equal(leased.Count, afterExpiry);

        Assert.Equal(Escalations, receiver.Tickets.Count);
        Assert.Equal(Escalations, receiver.CreateCount);
        Assert.All(receiver.Tickets.Values, numbers => Assert.Single(numbers));
        var counts = await survivor.Outbox.CountByStateAsync(default);
        Assert.Equal((Escalations, 0, 0, 0), (counts[OutboxState.Sent], counts[OutboxState.Pending], counts[OutboxState.InProgress], counts[OutboxState.Parked]));
        var sent = await survivor.Outbox.ListAsync(OutboxState.Sent, 1000, default);
        Assert.All(sent, e => Assert.Equal(receiver.Tickets[e.EscalationId][0], e.Ticket!.Number));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, BotProcess process)
    {
        // A real process on real sockets: poll (bounded) until its requests arrive, no fixed sleep.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60), TimeProvider.System);
        while (!condition())
        {
            if (process.Process.HasExited || timeout.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"The bot process did not reach the ticket system (exited: {process.Process.HasExited}):\n{process.Output}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }
}
