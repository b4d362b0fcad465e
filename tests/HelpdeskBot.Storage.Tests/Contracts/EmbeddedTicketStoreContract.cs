using HelpdeskBot.Tickets.Embedded;

namespace HelpdeskBot.Storage.Tests.Contracts;

/// <summary>The <see cref="IEmbeddedTicketStore"/> contract, run against every engine by the subclasses below.</summary>
public abstract class EmbeddedTicketStoreContract : StorageContract
{
    private static NewEmbeddedTicket NewTicket(string correlationId, string reporter = "29:ada", string prefix = "HD") =>
        new(prefix, correlationId, "502 Bad Gateway on wiki.contoso.com", "## Evidence\n- 3/3 attempts: 502", "Collaboration", "Web", "2", reporter, "Ada Lovelace", "wiki.contoso.com");

    [Fact]
    public async Task Tickets_are_numbered_from_a_sequence_starting_at_1001_with_the_prefix()
    {
        var first = await Stores.Tickets.CreateAsync(NewTicket("esc-1"), Clock.GetUtcNow(), default);
        var second = await Stores.Tickets.CreateAsync(NewTicket("esc-2", prefix: "OPS"), Clock.GetUtcNow(), default);

        Assert.Equal(("HD-1001", "OPS-1002"), (first.Number, second.Number));
        Assert.Equal(("open", Start, "Collaboration"), (first.Status, first.CreatedAt, first.AssignedTeam));
        var read = (await Stores.Tickets.GetAsync("HD-1001", default))!;
        Assert.Equal(first with { Comments = [] }, read with { Comments = [] });
        Assert.Empty(read.Comments);
        Assert.Null(await Stores.Tickets.GetAsync("HD-9999", default));
    }

    [Fact]
    public async Task Creating_again_with_the_same_correlation_id_returns_the_existing_ticket_unchanged()
    {
        var first = await Stores.Tickets.CreateAsync(NewTicket("esc-1"), Clock.GetUtcNow(), default);
        Clock.Advance(TimeSpan.FromMinutes(5));

        var again = await Stores.Tickets.CreateAsync(NewTicket("esc-1") with { Title = "other" }, Clock.GetUtcNow(), default);

        Assert.Equal((first.Number, first.Title, first.CreatedAt), (again.Number, again.Title, again.CreatedAt));
        Assert.Equal("HD-1001", (await Stores.Tickets.FindByCorrelationIdAsync("esc-1", default))!.Number);
        Assert.Single(await Stores.Tickets.ListAsync(new EmbeddedTicketQuery(), default));
    }

    [Fact]
    public async Task Concurrent_creates_on_two_instances_make_one_ticket_per_correlation_id_with_distinct_numbers()
    {
        var other = await OpenAnotherInstanceAsync();

        // 10 escalations, each created 4 times at once (double clicks, two dispatchers).
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Stores.Tickets : other.Tickets).CreateAsync(NewTicket($"esc-{i % 10}"), Start, default))));

        var byCorrelation = results.GroupBy(t => t.CorrelationId).ToList();
        Assert.Equal(10, byCorrelation.Count);
        Assert.All(byCorrelation, g => Assert.Single(g.Select(t => t.Number).Distinct()));
        var stored = await Stores.Tickets.ListAsync(new EmbeddedTicketQuery(), default);
        Assert.Equal(10, stored.Count);
        Assert.Equal(10, stored.Select(t => t.Number).Distinct().Count());
    }

    [Fact]
    public async Task Comments_are_appended_in_order_and_may_retitle_the_ticket()
    {
        var ticket = await Stores.Tickets.CreateAsync(NewTicket("esc-1"), Clock.GetUtcNow(), default);
        Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await Stores.Tickets.AddCommentAsync(ticket.Number, "HelpdeskBot", "Also affected: Bob", "502 on wiki.contoso.com — 2 users affected", Clock.GetUtcNow(), default));
        Assert.True(await Stores.Tickets.AddCommentAsync(ticket.Number, "HelpdeskBot", "Also affected: Eve", null, Clock.GetUtcNow(), default));
        Assert.False(await Stores.Tickets.AddCommentAsync("HD-404", "HelpdeskBot", "nobody", null, Clock.GetUtcNow(), default));

        var read = (await Stores.Tickets.GetAsync(ticket.Number, default))!;
        Assert.Equal("502 on wiki.contoso.com — 2 users affected", read.Title);
        Assert.Equal(Start.AddMinutes(1), read.UpdatedAt);
        Assert.Equal(["Also affected: Bob", "Also affected: Eve"], read.Comments.Select(c => c.Body));
        Assert.Equal(Start.AddMinutes(1), read.Comments[0].At);
    }

    [Fact]
    public async Task List_filters_by_reporter_newest_first_up_to_max()
    {
        for (var i = 0; i < 4; i++)
        {
            await Stores.Tickets.CreateAsync(NewTicket($"esc-{i}", reporter: i == 3 ? "29:bob" : "29:ada"), Clock.GetUtcNow(), default);
            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await Stores.Tickets.AddCommentAsync("HD-1002", "agent", "looking", null, Clock.GetUtcNow(), default);

        var ada = await Stores.Tickets.ListAsync(new EmbeddedTicketQuery("29:ada", OpenOnly: true, Max: 2), default);
        Assert.Equal(["HD-1003", "HD-1002"], ada.Select(t => t.Number));
        Assert.Equal("looking", Assert.Single(ada[1].Comments).Body);
        Assert.Equal(["HD-1004", "HD-1003", "HD-1002", "HD-1001"], (await Stores.Tickets.ListAsync(new EmbeddedTicketQuery(), default)).Select(t => t.Number));
    }
}

public sealed class SqliteEmbeddedTicketStoreTests : EmbeddedTicketStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => SqliteAsync();
}

public sealed class PostgresEmbeddedTicketStoreTests : EmbeddedTicketStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => PostgresAsync();
}
