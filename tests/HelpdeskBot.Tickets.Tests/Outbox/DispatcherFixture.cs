using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Tests.Fakes;

namespace HelpdeskBot.Tickets.Tests.Outbox;

/// <summary>A ticket system for dispatcher tests: the embedded store, or a loopback fake of an HTTP API.</summary>
internal sealed class DispatcherSystem : IAsyncDisposable
{
    private DispatcherSystem(string provider, FakeTicketSystem? fake)
    {
        Provider = provider;
        Fake = fake;
    }

    public static TheoryData<string> AllProviders => new() { "Embedded", "ServiceNow", "Jira", "Zendesk", "Webhook" };

    public string Provider { get; }

    public FakeTicketSystem? Fake { get; }

    public IReadOnlyDictionary<string, string?> Settings => Fake?.Settings ?? new Dictionary<string, string?> { ["Tickets:Provider"] = "Embedded" };

    public static async Task<DispatcherSystem> StartAsync(string provider)
        => new(provider, provider == "Embedded" ? null : await FakeSystems.StartAsync(provider));

    /// <summary>Ticket titles by correlation id (escalation id), as the ticket system holds them.</summary>
    public async Task<IReadOnlyList<(string CorrelationId, string Number, string Title, int Comments)>> TicketsAsync(TicketsTestHost host)
    {
        if (Fake is { } fake)
        {
            return fake.Tickets.Values.Select(t => (Correlation(t.CorrelationId), t.Number, t.Title, t.Comments.Count)).ToList();
        }

        var list = await host.EmbeddedTickets.ListAsync(new EmbeddedTicketQuery(Max: 10_000), CancellationToken.None);
        return list.Select(t => (t.CorrelationId, t.Number, t.Title, t.Comments.Count)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (Fake is not null)
        {
            await Fake.DisposeAsync();
        }
    }

    // Jira keeps the escalation id in a label "hb-<id>".
    private static string Correlation(string stored) => stored.StartsWith("hb-", StringComparison.Ordinal) ? stored[3..] : stored;
}
