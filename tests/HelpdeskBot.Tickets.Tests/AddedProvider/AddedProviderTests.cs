using System.Text.Json.Nodes;
using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Tests.AddedProvider;

/// <summary>
/// README's "Adding a ticket provider": this folder (options, validator, registration, provider) and one
/// <c>AddDesk()</c> are all a new provider needs; no shared file names it.
/// </summary>
public sealed class AddedProviderTests
{
    private const string ApiKey = "desk-key-never-log";

    private static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddHelpdeskBotTickets(configuration, providers => providers.AddDesk());
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_provider_added_from_its_folder_files_tickets_through_the_shared_client_with_its_own_auth()
    {
        var seen = new List<(string? Authorization, JsonNode? Body)>();
        await using var desk = await LoopbackServer.StartAsync(app => app.MapPost("/tickets", async (HttpContext context) =>
        {
            seen.Add((context.Request.Headers.Authorization, await JsonNode.ParseAsync(context.Request.Body)));
            return Results.Json(new { number = "D-7" });
        }));
        await using var services = Build(new Dictionary<string, string?>
        {
            ["Tickets:Provider"] = "desk",
            ["Tickets:Desk:BaseUrl"] = desk.BaseAddress.AbsoluteUri,
            ["Tickets:Desk:ApiKey"] = ApiKey,
        });
        var request = TestEscalations.Create("esc-desk-1");

        var provider = services.GetRequiredService<ITicketProvider>();
        var ticket = await provider.CreateAsync(new TicketDraft(request, TicketTitle.Build(request, 1, DeskTexts.English), TicketDocumentBuilder.Build(request, DeskTexts.English)), CancellationToken.None);

        Assert.IsType<DeskTicketProvider>(provider);
        Assert.Equal(new TicketRef("Desk", "D-7", desk.BaseAddress.AbsoluteUri + "tickets/D-7", "esc-desk-1"), ticket);
        var (authorization, body) = Assert.Single(seen);
        Assert.Equal("Bearer " + ApiKey, authorization);
        Assert.Equal("esc-desk-1", (string?)body?["ref"]);
    }

    [Fact]
    public async Task The_added_providers_validator_names_its_missing_setting()
    {
        await using var services = Build(new Dictionary<string, string?> { ["Tickets:Provider"] = "Desk", ["Tickets:Desk:BaseUrl"] = "https://desk.contoso.com/" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DeskOptions>>().Value);

        Assert.Contains("Tickets:Desk:ApiKey is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_provider_is_refused_with_the_added_provider_in_the_list()
    {
        await using var services = Build(new Dictionary<string, string?> { ["Tickets:Provider"] = "Remedy" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TicketsOptions>>().Value);

        Assert.Contains("use one of Embedded, ServiceNow, Jira, Zendesk, Webhook, Desk.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_name_added_twice_is_refused_at_wiring()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => services.AddHelpdeskBotTickets(configuration, providers => providers.Add("jira", _ => { })));

        Assert.Contains("'jira' is already registered", error.Message, StringComparison.Ordinal);
    }
}
