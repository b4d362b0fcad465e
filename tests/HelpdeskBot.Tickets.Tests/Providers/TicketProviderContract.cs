using HelpdeskBot.Tickets.Rendering;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Tests.Providers;

/// <summary>A ticket system under test: the provider, and a way to look at what it really holds.</summary>
public interface ITicketSystemUnderTest : IAsyncDisposable
{
    ITicketProvider Provider { get; }

    Task<int> TicketCountAsync();

    Task<IReadOnlyList<string>> CommentsAsync(TicketRef ticket);

    Task<string> StoredTitleAsync(TicketRef ticket);

    /// <summary>Request-shape or authentication problems the fake saw (always empty for the embedded store).</summary>
    IReadOnlyCollection<string> Violations { get; }
}

/// <summary>The one contract every ticket provider must meet, run against each provider's fake.</summary>
public abstract class TicketProviderContract
{
    protected abstract Task<ITicketSystemUnderTest> StartAsync();

    [Fact]
    public async Task Created_ticket_is_found_again_by_its_correlation_id()
    {
        await using var system = await StartAsync();
        var request = TestEscalations.Create("esc-contract-1");
        var draft = new TicketDraft(request, TicketTitle.Build(request, 1, DeskTexts.English), TicketDocumentBuilder.Build(request, DeskTexts.English));

        var created = await system.Provider.CreateAsync(draft, CancellationToken.None);
        var found = await system.Provider.FindByCorrelationIdAsync("esc-contract-1", CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal(created.Number, found.Number);
        Assert.Equal(system.Provider.Name, created.Provider);
        Assert.Equal(1, await system.TicketCountAsync());
        Assert.Equal("502 Bad Gateway on wiki.contoso.com — 1 user affected", await system.StoredTitleAsync(created));
        Assert.Empty(system.Violations);
    }

    [Fact]
    public async Task Unknown_correlation_id_finds_nothing()
    {
        await using var system = await StartAsync();

        Assert.Null(await system.Provider.FindByCorrelationIdAsync("esc-never-created", CancellationToken.None));
        Assert.Empty(system.Violations);
    }

    [Fact]
    public async Task Comment_is_added_and_title_replaced()
    {
        await using var system = await StartAsync();
        var lead = TestEscalations.Create("esc-contract-lead");
        var ticket = await system.Provider.CreateAsync(new TicketDraft(lead, TicketTitle.Build(lead, 1, DeskTexts.English), TicketDocumentBuilder.Build(lead, DeskTexts.English)), CancellationToken.None);
        var joiner = TestEscalations.Create("esc-contract-joiner", reporterId: "29:2def", reporterName: "Grace Hopper");

        await system.Provider.AddCommentAsync(ticket, new TicketComment("Grace Hopper", TicketDocumentBuilder.AlsoAffected(joiner, 2, DeskTexts.English), TicketTitle.Build(lead, 2, DeskTexts.English)), CancellationToken.None);

        var comments = await system.CommentsAsync(ticket);
        var comment = Assert.Single(comments);
        Assert.Contains("also affected", comment, StringComparison.Ordinal);
        Assert.Contains("Grace Hopper", comment, StringComparison.Ordinal);
        Assert.Equal("502 Bad Gateway on wiki.contoso.com — 2 users affected", await system.StoredTitleAsync(ticket));
        var view = await system.Provider.GetAsync(ticket, CancellationToken.None);
        Assert.NotNull(view);
        Assert.Equal("502 Bad Gateway on wiki.contoso.com — 2 users affected", view.Title);
        Assert.Empty(system.Violations);
    }

    [Fact]
    public async Task Ticket_body_carries_the_evidence()
    {
        await using var system = await StartAsync();
        var request = TestEscalations.Create("esc-contract-body");

        var ticket = await system.Provider.CreateAsync(new TicketDraft(request, TicketTitle.Build(request, 1, DeskTexts.English), TicketDocumentBuilder.Build(request, DeskTexts.English)), CancellationToken.None);

        var body = await BodyAsync(system, ticket);
        Assert.Contains("Ada Lovelace", body, StringComparison.Ordinal);
        Assert.Contains("nginx", body, StringComparison.Ordinal);
        Assert.Contains("127.0.0.53", body, StringComparison.Ordinal);
        Assert.Contains("Hard refresh", body, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-copy", body, StringComparison.Ordinal);
    }

    protected abstract Task<string> BodyAsync(ITicketSystemUnderTest system, TicketRef ticket);
}
