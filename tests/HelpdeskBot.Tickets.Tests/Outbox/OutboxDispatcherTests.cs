using HelpdeskBot.Tickets.Outbox;
using HelpdeskBot.Tickets.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tickets.Tests.Outbox;

/// <summary>Never lost, never twice: the outbox dispatcher against every provider, on real SQLite and a fake clock.</summary>
public sealed class OutboxDispatcherTests
{
    [Theory]
    [MemberData(nameof(DispatcherSystem.AllProviders), MemberType = typeof(DispatcherSystem))]
    public async Task Escalates_once_for_a_double_click(string provider)
    {
        await using var system = await DispatcherSystem.StartAsync(provider);
        var time = new FakeTimeProvider(TestEscalations.At);
        await using var host = await TicketsTestHost.StartAsync(TicketsTestHost.NewDatabasePath(), time, system.Settings, runDispatcher: true);
        var request = TestEscalations.Create("esc-double");

        var first = await host.EnqueueAsync(request, CancellationToken.None);
        var second = await host.EnqueueAsync(request, CancellationToken.None);

        // The enqueue wakes the dispatcher: no clock advance needed.
        await host.Notifier.WaitForTicketsAsync(1);
        Assert.True(first);
        Assert.False(second);
        var ticket = Assert.Single(await system.TicketsAsync(host));
        Assert.Equal("esc-double", ticket.CorrelationId);
        var told = Assert.Single(host.Notifier.Created);
        Assert.Equal(ticket.Number, told.Ticket.Number);
        var entry = await host.Outbox.FindByEscalationIdAsync("esc-double", CancellationToken.None);
        Assert.Equal(OutboxState.Sent, entry!.State);
        Assert.Equal(ticket.Number, entry.Ticket!.Number);
        Assert.Empty(system.Fake?.Violations ?? []);
    }

    [Theory]
    [MemberData(nameof(FakeSystems.HttpProviders), MemberType = typeof(FakeSystems))]
    public async Task Files_one_ticket_when_the_host_dies_between_provider_success_and_outbox_ack(string provider)
    {
        await using var system = await DispatcherSystem.StartAsync(provider);
        var fake = system.Fake!;
        var time = new FakeTimeProvider(TestEscalations.At);
        var database = TicketsTestHost.NewDatabasePath();
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fake.AfterCreate = async (_, aborted) =>
        {
            // The ticket exists at the provider; the answer never reaches the bot.
            created.TrySetResult();
            await Task.Delay(Timeout.Infinite, aborted);
        };

        var first = await TicketsTestHost.StartAsync(database, time, system.Settings, runDispatcher: true);
        await first.EnqueueAsync(TestEscalations.Create("esc-crash"), CancellationToken.None);
        await created.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await first.DisposeAsync();
        fake.AfterCreate = null;
        Assert.Equal(OutboxState.InProgress, (await OpenAndGetAsync(database, time, system, "esc-crash")).State);

        // A new instance on the same file takes the row once the dead one's lease expired.
        time.Advance(TimeSpan.FromMinutes(3));
        await using var second = await TicketsTestHost.StartAsync(database, time, system.Settings);
        await second.DrainDueAsync();

        Assert.Equal(1, fake.Creates);
        var ticket = Assert.Single(fake.Tickets.Values);
        var entry = await second.Outbox.FindByEscalationIdAsync("esc-crash", CancellationToken.None);
        Assert.Equal(OutboxState.Sent, entry!.State);
        Assert.Equal(ticket.Number, entry.Ticket!.Number);
        Assert.Equal(ticket.Number, Assert.Single(second.Notifier.Created).Ticket.Number);
        Assert.Empty(fake.Violations);
    }

    [Theory]
    [MemberData(nameof(FakeSystems.HttpProviders), MemberType = typeof(FakeSystems))]
    public async Task Loses_nothing_while_the_provider_is_down_for_ten_minutes(string provider)
    {
        await using var system = await DispatcherSystem.StartAsync(provider);
        var fake = system.Fake!;
        var time = new FakeTimeProvider(TestEscalations.At);
        await using var host = await TicketsTestHost.StartAsync(TicketsTestHost.NewDatabasePath(), time, system.Settings, extra: new Dictionary<string, string?> { ["Tickets:Outbox:BatchSize"] = "100", ["Tickets:Outbox:Concurrency"] = "8" });
        for (var i = 0; i < 200; i++)
        {
            await host.EnqueueAsync(TestEscalations.Create($"esc-down-{i:D3}", target: $"app{i}.contoso.com", reporterId: $"29:user{i}"), CancellationToken.None);
        }

        fake.Mode = FakeMode.ServerError;
        var downUntil = time.GetUtcNow() + TimeSpan.FromMinutes(10);
        while (time.GetUtcNow() < downUntil)
        {
            await host.DrainDueAsync();
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(0, fake.Creates);
        fake.Mode = FakeMode.Succeed;
        for (var round = 0; round < 20 && (await host.CountsAsync()).GetValueOrDefault(OutboxState.Sent) < 200; round++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await host.DrainDueAsync();
        }

        var counts = await host.CountsAsync();
        Assert.Equal(200, counts.GetValueOrDefault(OutboxState.Sent));
        Assert.Equal(0, counts.GetValueOrDefault(OutboxState.Parked));
        var tickets = await system.TicketsAsync(host);
        Assert.Equal(200, tickets.Count);
        Assert.Equal(200, tickets.Select(t => t.CorrelationId).Distinct().Count());
        Assert.Equal(200, host.Notifier.Created.Count);
        Assert.Empty(fake.Violations);
    }

    [Theory]
    [MemberData(nameof(DispatcherSystem.AllProviders), MemberType = typeof(DispatcherSystem))]
    public async Task Joins_twenty_reports_on_one_target_into_one_ticket(string provider)
    {
        await using var system = await DispatcherSystem.StartAsync(provider);
        var time = new FakeTimeProvider(TestEscalations.At);
        await using var host = await TicketsTestHost.StartAsync(TicketsTestHost.NewDatabasePath(), time, system.Settings);
        for (var i = 0; i < 20; i++)
        {
            await host.EnqueueAsync(TestEscalations.Create($"esc-wave-{i:D2}", reporterId: $"29:user{i}", reporterName: $"User {i}"), CancellationToken.None);
        }

        for (var round = 0; round < 30 && host.Notifier.Created.Count < 20; round++)
        {
            await host.DrainDueAsync();
            time.Advance(TimeSpan.FromSeconds(2));
        }

        var ticket = Assert.Single(await system.TicketsAsync(host));
        Assert.Equal("502 Bad Gateway on wiki.contoso.com — 20 users affected", ticket.Title);
        Assert.Equal(19, ticket.Comments);
        Assert.Equal(20, host.Notifier.Created.Count);
        Assert.All(host.Notifier.Created, c => Assert.Equal(ticket.Number, c.Ticket.Number));
        var lead = await host.Outbox.FindByEscalationIdAsync(ticket.CorrelationId, CancellationToken.None);
        Assert.NotNull(lead);
        Assert.Equal(20, host.Notifier.Created.Max(c => c.AffectedUsers));
        Assert.Empty(system.Fake?.Violations ?? []);
    }

    [Fact]
    public async Task Parks_after_the_give_up_time_and_an_admin_replay_files_the_ticket()
    {
        await using var system = await DispatcherSystem.StartAsync("ServiceNow");
        var fake = system.Fake!;
        var time = new FakeTimeProvider(TestEscalations.At);
        await using var host = await TicketsTestHost.StartAsync(TicketsTestHost.NewDatabasePath(), time, system.Settings, extra: new Dictionary<string, string?> { ["Tickets:GiveUpAfter"] = "01:00:00" });
        await host.EnqueueAsync(TestEscalations.Create("esc-park"), CancellationToken.None);
        fake.Mode = FakeMode.ServerError;

        for (var minute = 0; minute <= 70; minute++)
        {
            await host.DrainDueAsync();
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var parked = await host.Outbox.FindByEscalationIdAsync("esc-park", CancellationToken.None);
        Assert.Equal(OutboxState.Parked, parked!.State);
        Assert.Contains("500", parked.LastError, StringComparison.Ordinal);
        var (escalationId, reason) = Assert.Single(host.Notifier.Parked);
        Assert.Equal("esc-park", escalationId);
        Assert.Contains("replay", reason, StringComparison.Ordinal);
        Assert.Empty(fake.Tickets);

        fake.Mode = FakeMode.Succeed;
        var admin = host.Services.GetRequiredService<OutboxAdmin>();
        Assert.True(await admin.ReplayAsync(parked.Id, CancellationToken.None));
        Assert.False(await admin.ReplayAsync(parked.Id, CancellationToken.None));
        await host.DrainDueAsync();

        var sent = await host.Outbox.GetAsync(parked.Id, CancellationToken.None);
        Assert.Equal(OutboxState.Sent, sent!.State);
        Assert.Equal(Assert.Single(fake.Tickets.Values).Number, sent.Ticket!.Number);
    }

    [Fact]
    public async Task Waits_for_the_providers_Retry_After_before_the_next_attempt()
    {
        await using var system = await DispatcherSystem.StartAsync("Zendesk");
        var fake = system.Fake!;
        var time = new FakeTimeProvider(TestEscalations.At);
        await using var host = await TicketsTestHost.StartAsync(TicketsTestHost.NewDatabasePath(), time, system.Settings);
        fake.Mode = FakeMode.Throttle;
        fake.RetryAfterSeconds = 600;
        await host.EnqueueAsync(TestEscalations.Create("esc-throttled"), CancellationToken.None);

        await host.DrainDueAsync();

        var entry = await host.Outbox.FindByEscalationIdAsync("esc-throttled", CancellationToken.None);
        Assert.Equal(OutboxState.Pending, entry!.State);
        Assert.True(entry.NextAttemptAt >= time.GetUtcNow().AddSeconds(600), $"next attempt {entry.NextAttemptAt} honours Retry-After: 600");
    }

    private static async Task<OutboxEntry> OpenAndGetAsync(string database, FakeTimeProvider time, DispatcherSystem system, string escalationId)
    {
        await using var probe = await TicketsTestHost.StartAsync(database, time, system.Settings);
        return (await probe.Outbox.FindByEscalationIdAsync(escalationId, CancellationToken.None))!;
    }
}
