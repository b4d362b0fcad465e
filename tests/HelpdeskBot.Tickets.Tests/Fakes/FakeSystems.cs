namespace HelpdeskBot.Tickets.Tests.Fakes;

internal static class FakeSystems
{
    public static readonly TheoryData<string> HttpProviders = new() { "ServiceNow", "Jira", "Zendesk", "Webhook" };

    public static async Task<FakeTicketSystem> StartAsync(string provider) => provider switch
    {
        "ServiceNow" => await FakeTicketSystem.StartAsync<FakeServiceNow>(),
        "Jira" => await FakeTicketSystem.StartAsync<FakeJira>(),
        "Zendesk" => await FakeTicketSystem.StartAsync<FakeZendesk>(),
        "Webhook" => await FakeTicketSystem.StartAsync<FakeWebhook>(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };
}
