using HelpdeskBot.Tickets.Tests.Outbox;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tickets.Tests;

/// <summary>Bad settings stop the bot at start with a message naming the setting.</summary>
public sealed class TicketsOptionsTests
{
    [Theory]
    [InlineData("Jira", "Tickets:Jira:ApiToken")]
    [InlineData("ServiceNow", "Tickets:ServiceNow needs Username and Password")]
    [InlineData("Zendesk", "Tickets:Zendesk:BaseUrl")]
    [InlineData("Webhook", "Tickets:Webhook:Secret")]
    public async Task Start_fails_naming_the_missing_setting_of_the_chosen_provider(string provider, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Tickets:Provider"] = provider,
            ["Tickets:Jira:BaseUrl"] = "https://contoso.atlassian.net/",
            ["Tickets:Jira:Email"] = "bot@contoso.com",
            ["Tickets:Jira:ProjectKey"] = "HELP",
            ["Tickets:ServiceNow:BaseUrl"] = "https://contoso.service-now.com/",
            ["Tickets:Webhook:Url"] = "https://hooks.contoso.com/helpdeskbot",
            ["Tickets:Webhook:Secret"] = "too-short",
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TicketsTestHost.StartAsync(TicketsTestHost.NewDatabasePath(), new FakeTimeProvider(), settings));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_fails_on_an_unknown_provider_naming_Tickets_Provider_and_every_registered_provider()
    {
        // The wiring does not stop at the first bad setting (the host's start-up report lists them all); the
        // validator refuses the name, naming the key, the value and the providers registered (not a typed-out list).
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TicketsTestHost.StartAsync(TicketsTestHost.NewDatabasePath(), new FakeTimeProvider(), new Dictionary<string, string?> { ["Tickets:Provider"] = "Remedy" }));

        Assert.Contains("Tickets:Provider 'Remedy' is not a ticket provider; use one of Embedded, ServiceNow, Jira, Zendesk, Webhook.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sv")]
    [InlineData("")]
    [InlineData("German")]
    public async Task Start_fails_on_a_language_that_is_not_shipped_naming_Tickets_Language_and_the_six_languages(string language)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TicketsTestHost.StartAsync(TicketsTestHost.NewDatabasePath(), new FakeTimeProvider(), new Dictionary<string, string?> { ["Tickets:Language"] = language }));

        Assert.Contains($"Tickets:Language '{language}' is not a shipped language; use one of en, de, fr, es, pt-BR, ja.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de", "de")]
    [InlineData("PT-br", "pt-BR")]
    public async Task A_shipped_language_in_any_case_gives_the_help_desk_its_texts(string language, string expected)
    {
        await using var host = await TicketsTestHost.StartAsync(TicketsTestHost.NewDatabasePath(), new FakeTimeProvider(), new Dictionary<string, string?> { ["Tickets:Language"] = language });

        Assert.Equal(expected, Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<HelpdeskBot.Tickets.Localization.DeskTexts>(host.Services).Language);
    }

    [Theory]
    [InlineData("Tickets:Embedded:Prefix", "hd-1", "Tickets:Embedded:Prefix")]
    [InlineData("Tickets:GiveUpAfter", "00:00:05", "Tickets:GiveUpAfter")]
    [InlineData("Tickets:Outbox:BatchSize", "0", "Tickets:Outbox:BatchSize")]
    [InlineData("Tickets:Resilience:AttemptTimeout", "00:00:00", "Tickets:Resilience:AttemptTimeout")]
    public async Task Start_fails_on_an_out_of_range_value_naming_it(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TicketsTestHost.StartAsync(TicketsTestHost.NewDatabasePath(), new FakeTimeProvider(), new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defaults_start_the_embedded_provider()
    {
        await using var host = await TicketsTestHost.StartAsync(TicketsTestHost.NewDatabasePath(), new FakeTimeProvider());

        Assert.Equal("Embedded", Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ITicketProvider>(host.Services).Name);
    }
}
