using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Rendering;
using HelpdeskBot.Tickets.Tests.Fakes;
using HelpdeskBot.Tickets.Tests.Outbox;
using HelpdeskBot.Tickets.Tests.Providers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Tests.Incidents;

/// <summary>
/// Each ticket system's states read back through the provider wired as in production, against its loopback fake:
/// the agent flips the ticket there, the reader says so; anything it cannot read is Unknown, never an exception.
/// </summary>
public sealed class TicketStatusReaderTests
{
    [Theory]
    [InlineData("6", ExternalTicketState.Resolved)]
    [InlineData("7", ExternalTicketState.Resolved)]
    [InlineData("Resolved", ExternalTicketState.Resolved)]
    [InlineData("Closed", ExternalTicketState.Resolved)]
    [InlineData("2", ExternalTicketState.Open)]
    [InlineData("On Hold", ExternalTicketState.Open)]
    [InlineData("8", ExternalTicketState.Unknown)]
    public async Task ServiceNow_resolved_and_closed_states_and_labels_are_resolved(string state, ExternalTicketState expected)
    {
        await using var system = await ReaderSystem.StartAsync("ServiceNow");
        var ticket = await system.CreateAsync("esc-read-sn");
        Assert.Equal(ExternalTicketState.Open, (await system.Reader.ReadAsync(ticket, CancellationToken.None)).State);

        system.Fake.Tickets[ticket.Number].Status = state;
        var status = await system.Reader.ReadAsync(ticket, CancellationToken.None);

        Assert.Equal(expected, status.State);
        Assert.Equal(state, status.ProviderStatus);
        Assert.Empty(system.Fake.Violations);
    }

    [Theory]
    [InlineData("Done", "done", ExternalTicketState.Resolved)]
    [InlineData("Won't fix", "done", ExternalTicketState.Resolved)]
    [InlineData("In Progress", "indeterminate", ExternalTicketState.Open)]
    [InlineData("Done", "undefined", ExternalTicketState.Unknown)]
    public async Task Jira_status_category_done_is_resolved_whatever_the_status_is_called(string name, string category, ExternalTicketState expected)
    {
        await using var system = await ReaderSystem.StartAsync("Jira");
        var ticket = await system.CreateAsync("esc-read-jira");
        Assert.Equal(new ExternalTicketStatus(ExternalTicketState.Open, "To Do"), await system.Reader.ReadAsync(ticket, CancellationToken.None));

        system.Fake.Tickets[ticket.Number].Status = name;
        system.Fake.Tickets[ticket.Number].StatusCategory = category;

        Assert.Equal(new ExternalTicketStatus(expected, name), await system.Reader.ReadAsync(ticket, CancellationToken.None));
        Assert.Empty(system.Fake.Violations);
    }

    [Theory]
    [InlineData("solved", ExternalTicketState.Resolved)]
    [InlineData("closed", ExternalTicketState.Resolved)]
    [InlineData("pending", ExternalTicketState.Open)]
    [InlineData("deleted", ExternalTicketState.Unknown)]
    public async Task Zendesk_solved_and_closed_are_resolved(string zendeskStatus, ExternalTicketState expected)
    {
        await using var system = await ReaderSystem.StartAsync("Zendesk");
        var ticket = await system.CreateAsync("esc-read-zd");
        Assert.Equal(new ExternalTicketStatus(ExternalTicketState.Open, "new"), await system.Reader.ReadAsync(ticket, CancellationToken.None));

        system.Fake.Tickets[ticket.Number].Status = zendeskStatus;

        Assert.Equal(new ExternalTicketStatus(expected, zendeskStatus), await system.Reader.ReadAsync(ticket, CancellationToken.None));
        Assert.Empty(system.Fake.Violations);
    }

    [Theory]
    [InlineData("ServiceNow", "6", null)]
    [InlineData("ServiceNow", "7", null)]
    [InlineData("Jira", "Done", "done")]
    [InlineData("Zendesk", "solved", null)]
    public async Task The_resolution_time_is_the_systems_own_and_a_later_comment_does_not_move_it(string provider, string status, string? category)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 40, 17, TimeSpan.Zero));
        await using var system = await ReaderSystem.StartAsync(provider, clock);
        var ticket = await system.CreateAsync("esc-read-time-" + provider);
        Assert.Null((await system.Reader.ReadAsync(ticket, CancellationToken.None)).ChangedAt);

        clock.Advance(TimeSpan.FromMinutes(5));
        var resolvedAt = clock.GetUtcNow();
        system.Fake.AgentSetsStatus(ticket.Number, status, category);
        Assert.Equal(new ExternalTicketStatus(ExternalTicketState.Resolved, status, resolvedAt), await system.Reader.ReadAsync(ticket, CancellationToken.None));

        // An hour later an agent comments there and the bot adds a note through the API: the ticket's update time
        // moves (a reopening in between would be outranked by it), the time of its resolution does not.
        clock.Advance(TimeSpan.FromHours(1));
        system.Fake.AgentComments(ticket.Number, "Asked the network team to keep an eye on it.");
        await system.CommentAsync(ticket, "Note added by Megan Bowen: still failing for one user.");
        Assert.Equal(clock.GetUtcNow(), system.Fake.Tickets[ticket.Number].UpdatedAt);

        Assert.Equal(new ExternalTicketStatus(ExternalTicketState.Resolved, status, resolvedAt), await system.Reader.ReadAsync(ticket, CancellationToken.None));
        Assert.Empty(system.Fake.Violations);
    }

    [Fact]
    public async Task ServiceNow_without_resolved_at_or_closed_at_gives_no_time_rather_than_its_last_update()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 40, 17, TimeSpan.Zero));
        await using var system = await ReaderSystem.StartAsync("ServiceNow", clock);
        ((FakeServiceNow)system.Fake).StampsResolutionTimes = false;
        var ticket = await system.CreateAsync("esc-read-sn-untimed");

        system.Fake.AgentSetsStatus(ticket.Number, "6");
        clock.Advance(TimeSpan.FromHours(1));
        system.Fake.AgentComments(ticket.Number, "Work note after the resolution.");

        // Undated as a resolution; the last change (sys_updated_on: the work note) goes along apart, for the watch alone.
        Assert.Equal(new ExternalTicketStatus(ExternalTicketState.Resolved, "6", null, clock.GetUtcNow()), await system.Reader.ReadAsync(ticket, CancellationToken.None));
        Assert.Empty(system.Fake.Violations);
    }

    [Fact]
    public async Task Zendesk_asks_for_the_metrics_of_a_solved_ticket_only_and_a_solve_after_a_reopening_has_its_own_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 40, 17, TimeSpan.Zero));
        await using var system = await ReaderSystem.StartAsync("Zendesk", clock);
        var zendesk = (FakeZendesk)system.Fake;
        var ticket = await system.CreateAsync("esc-read-zd-metrics");

        // Open: one call per read, no metrics.
        var before = zendesk.Requests;
        Assert.Equal(ExternalTicketState.Open, (await system.Reader.ReadAsync(ticket, CancellationToken.None)).State);
        Assert.Equal((before + 1, 0), (zendesk.Requests, zendesk.MetricRequests));

        // Solved: the ticket and its metrics, two calls.
        clock.Advance(TimeSpan.FromMinutes(5));
        var firstSolve = clock.GetUtcNow();
        zendesk.AgentSetsStatus(ticket.Number, "solved");
        Assert.Equal(firstSolve, (await system.Reader.ReadAsync(ticket, CancellationToken.None)).ChangedAt);
        Assert.Equal((before + 3, 1), (zendesk.Requests, zendesk.MetricRequests));

        // Opened again there, then solved again: the new solve's time; closing it later solves nothing new.
        clock.Advance(TimeSpan.FromMinutes(5));
        zendesk.AgentSetsStatus(ticket.Number, "open");
        Assert.Equal(new ExternalTicketStatus(ExternalTicketState.Open, "open"), await system.Reader.ReadAsync(ticket, CancellationToken.None));
        Assert.Equal(1, zendesk.MetricRequests);
        clock.Advance(TimeSpan.FromMinutes(5));
        var secondSolve = clock.GetUtcNow();
        zendesk.AgentSetsStatus(ticket.Number, "solved");
        clock.Advance(TimeSpan.FromDays(4));
        zendesk.AgentSetsStatus(ticket.Number, "closed");

        Assert.Equal(new ExternalTicketStatus(ExternalTicketState.Resolved, "closed", secondSolve), await system.Reader.ReadAsync(ticket, CancellationToken.None));
        Assert.Empty(zendesk.Violations);
    }

    [Fact]
    public async Task Webhook_tickets_are_not_polled_their_receiver_calls_back_instead()
    {
        await using var system = await ReaderSystem.StartAsync("Webhook");
        var ticket = await system.CreateAsync("esc-read-wh");
        system.Fake.Tickets[ticket.Number].Status = "resolved";
        var requests = system.Fake.Requests;

        var status = await system.Reader.ReadAsync(ticket, CancellationToken.None);

        Assert.Equal(ExternalTicketState.Unknown, status.State);
        Assert.Equal(requests, system.Fake.Requests);
    }

    [Theory]
    [InlineData("ServiceNow", FakeMode.ServerError)]
    [InlineData("ServiceNow", FakeMode.Garbage)]
    [InlineData("Jira", FakeMode.Throttle)]
    [InlineData("Jira", FakeMode.Garbage)]
    [InlineData("Zendesk", FakeMode.ServerError)]
    [InlineData("Zendesk", FakeMode.Garbage)]
    public async Task An_answer_that_cannot_be_read_is_unknown_and_throws_nothing(string provider, FakeMode mode)
    {
        await using var system = await ReaderSystem.StartAsync(provider);
        var ticket = await system.CreateAsync("esc-read-broken");
        system.Fake.Tickets[ticket.Number].Status = provider == "Zendesk" ? "solved" : "7";
        system.Fake.Mode = mode;

        var status = await system.Reader.ReadAsync(ticket, CancellationToken.None);

        Assert.Equal(new ExternalTicketStatus(ExternalTicketState.Unknown, null), status);
    }

    [Theory]
    [InlineData("ServiceNow")]
    [InlineData("Jira")]
    [InlineData("Zendesk")]
    public async Task A_deleted_ticket_or_one_of_another_provider_is_unknown(string provider)
    {
        await using var system = await ReaderSystem.StartAsync(provider);
        var ticket = await system.CreateAsync("esc-read-gone");
        system.Fake.Tickets.Clear();

        Assert.Equal(ExternalTicketState.Unknown, (await system.Reader.ReadAsync(ticket, CancellationToken.None)).State);
        Assert.Equal(ExternalTicketState.Unknown, (await system.Reader.ReadAsync(ticket with { Provider = "Embedded" }, CancellationToken.None)).State);
    }

    [Fact]
    public async Task Embedded_ticket_resolved_in_the_store_is_resolved()
    {
        var path = TicketsTestHost.NewDatabasePath();
        await using var host = await TicketsTestHost.StartAsync(path, new FakeTimeProvider(TestEscalations.At));
        var provider = host.Services.GetRequiredService<ITicketProvider>();
        var reader = host.Services.GetRequiredService<ITicketStatusReader>();
        var request = TestEscalations.Create("esc-read-embedded");
        var ticket = await provider.CreateAsync(new TicketDraft(request, TicketTitle.Build(request, 1, DeskTexts.English), TicketDocumentBuilder.Build(request, DeskTexts.English)), CancellationToken.None);
        Assert.Equal(new ExternalTicketStatus(ExternalTicketState.Open, "open"), await reader.ReadAsync(ticket, CancellationToken.None));

        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE embedded_tickets SET status = 'resolved' WHERE number = $number;";
            update.Parameters.AddWithValue("$number", ticket.Number);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        Assert.Equal(new ExternalTicketStatus(ExternalTicketState.Resolved, "resolved"), await reader.ReadAsync(ticket, CancellationToken.None));
    }

    /// <summary>A provider wired as in production against its fake, with the reader the watch uses.</summary>
    private sealed class ReaderSystem : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private ReaderSystem(FakeTicketSystem fake, ServiceProvider services)
        {
            Fake = fake;
            _services = services;
        }

        public FakeTicketSystem Fake { get; }

        public ITicketStatusReader Reader => _services.GetRequiredService<ITicketStatusReader>();

        /// <param name="clock">The ticket system's clock (the bot's stays the real one: only stamps are compared).</param>
        public static async Task<ReaderSystem> StartAsync(string provider, TimeProvider? clock = null)
        {
            var fake = await FakeSystems.StartAsync(provider);
            fake.Clock = clock ?? TimeProvider.System;
            // No in-call retries: a broken answer should be Unknown at once, the watch asks again next round.
            return new ReaderSystem(fake, ProviderServices.Build(fake, TimeProvider.System, new Dictionary<string, string?> { ["Tickets:Resilience:MaxRetryAttempts"] = "0" }));
        }

        public async Task<TicketRef> CreateAsync(string escalationId)
        {
            var request = TestEscalations.Create(escalationId);
            return await _services.GetRequiredService<ITicketProvider>().CreateAsync(new TicketDraft(request, TicketTitle.Build(request, 1, DeskTexts.English), TicketDocumentBuilder.Build(request, DeskTexts.English)), CancellationToken.None);
        }

        /// <summary>A comment from the bot through the provider, as an agent's "Add note" sends it.</summary>
        public Task CommentAsync(TicketRef ticket, string text) =>
            _services.GetRequiredService<ITicketProvider>().AddCommentAsync(ticket, new TicketComment("Megan Bowen", new TicketDocument([new DocParagraph([new DocText(text)])]), null), CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync();
            await Fake.DisposeAsync();
        }
    }
}
