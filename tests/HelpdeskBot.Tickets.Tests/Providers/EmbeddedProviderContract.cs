using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Tests.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Tests.Providers;

/// <summary>The embedded provider on the real SQLite store.</summary>
internal sealed class EmbeddedTicketSystem : ITicketSystemUnderTest
{
    private readonly TicketsTestHost _host;

    private EmbeddedTicketSystem(TicketsTestHost host)
    {
        _host = host;
        Provider = host.Services.GetRequiredService<ITicketProvider>();
    }

    public ITicketProvider Provider { get; }

    public IReadOnlyCollection<string> Violations => [];

    public static async Task<EmbeddedTicketSystem> StartAsync()
        => new(await TicketsTestHost.StartAsync(TicketsTestHost.NewDatabasePath(), new FakeTimeProvider(TestEscalations.At), extra: new Dictionary<string, string?> { ["Tickets:Embedded:Prefix"] = "HD" }));

    public async Task<int> TicketCountAsync() => (await _host.EmbeddedTickets.ListAsync(new EmbeddedTicketQuery(), CancellationToken.None)).Count;

    public async Task<IReadOnlyList<string>> CommentsAsync(TicketRef ticket)
        => (await _host.EmbeddedTickets.GetAsync(ticket.Number, CancellationToken.None))!.Comments.Select(c => c.Body).ToList();

    public async Task<string> StoredTitleAsync(TicketRef ticket) => (await _host.EmbeddedTickets.GetAsync(ticket.Number, CancellationToken.None))!.Title;

    public async Task<string> BodyAsync(TicketRef ticket) => (await _host.EmbeddedTickets.GetAsync(ticket.Number, CancellationToken.None))!.DescriptionMarkdown;

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

public sealed class EmbeddedProviderContract : TicketProviderContract
{
    [Fact]
    public async Task Numbers_tickets_with_the_configured_prefix_and_links_to_the_agent_page()
    {
        await using var system = await EmbeddedTicketSystem.StartAsync();
        var request = TestEscalations.Create("esc-embedded-number");

        var ticket = await system.Provider.CreateAsync(new TicketDraft(request, "t", HelpdeskBot.Tickets.Rendering.TicketDocumentBuilder.Build(request, DeskTexts.English)), CancellationToken.None);

        Assert.Matches("^HD-[0-9]+$", ticket.Number);
        Assert.Equal($"https://bot.contoso.test/tickets/{ticket.Number}", ticket.Url);
    }

    protected override async Task<ITicketSystemUnderTest> StartAsync() => await EmbeddedTicketSystem.StartAsync();

    protected override Task<string> BodyAsync(ITicketSystemUnderTest system, TicketRef ticket) => ((EmbeddedTicketSystem)system).BodyAsync(ticket);
}
