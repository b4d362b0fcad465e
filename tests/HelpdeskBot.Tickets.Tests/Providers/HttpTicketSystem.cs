using HelpdeskBot.Tickets.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tickets.Tests.Providers;

/// <summary>An HTTP provider wired as in production, pointed at its loopback fake.</summary>
internal sealed class HttpTicketSystem : ITicketSystemUnderTest
{
    private readonly ServiceProvider _services;

    private HttpTicketSystem(FakeTicketSystem fake, ServiceProvider services)
    {
        Fake = fake;
        _services = services;
        Provider = services.GetRequiredService<ITicketProvider>();
    }

    public FakeTicketSystem Fake { get; }

    public ITicketProvider Provider { get; }

    public IReadOnlyCollection<string> Violations => Fake.Violations;

    public static async Task<HttpTicketSystem> StartAsync(string provider)
    {
        var fake = await FakeSystems.StartAsync(provider);
        return new HttpTicketSystem(fake, ProviderServices.Build(fake, TimeProvider.System));
    }

    public Task<int> TicketCountAsync() => Task.FromResult(Fake.Tickets.Count);

    public Task<IReadOnlyList<string>> CommentsAsync(TicketRef ticket) => Task.FromResult<IReadOnlyList<string>>(Fake.Tickets[ticket.Number].Comments.ToList());

    public Task<string> StoredTitleAsync(TicketRef ticket) => Task.FromResult(Fake.Tickets[ticket.Number].Title);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

public sealed class ServiceNowProviderContract : TicketProviderContract
{
    protected override async Task<ITicketSystemUnderTest> StartAsync() => await HttpTicketSystem.StartAsync("ServiceNow");

    protected override Task<string> BodyAsync(ITicketSystemUnderTest system, TicketRef ticket) => Task.FromResult(((HttpTicketSystem)system).Fake.Tickets[ticket.Number].Body);
}

public sealed class JiraProviderContract : TicketProviderContract
{
    protected override async Task<ITicketSystemUnderTest> StartAsync() => await HttpTicketSystem.StartAsync("Jira");

    protected override Task<string> BodyAsync(ITicketSystemUnderTest system, TicketRef ticket) => Task.FromResult(((HttpTicketSystem)system).Fake.Tickets[ticket.Number].Body);
}

public sealed class ZendeskProviderContract : TicketProviderContract
{
    protected override async Task<ITicketSystemUnderTest> StartAsync() => await HttpTicketSystem.StartAsync("Zendesk");

    protected override Task<string> BodyAsync(ITicketSystemUnderTest system, TicketRef ticket) => Task.FromResult(((HttpTicketSystem)system).Fake.Tickets[ticket.Number].Body);
}

public sealed class WebhookProviderContract : TicketProviderContract
{
    protected override async Task<ITicketSystemUnderTest> StartAsync() => await HttpTicketSystem.StartAsync("Webhook");

    protected override Task<string> BodyAsync(ITicketSystemUnderTest system, TicketRef ticket) => Task.FromResult(((HttpTicketSystem)system).Fake.Tickets[ticket.Number].Body);
}
