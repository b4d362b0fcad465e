using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tickets.Tests.Providers;

/// <summary>
/// A ticket system whose answer has a number where the API documents text (a proxy, a customised instance, a bug):
/// the provider reads it as absent or keeps the ticket system's own error, never throws a JSON type error of its own.
/// </summary>
public sealed class WrongTypedAnswerTests
{
    private static ServiceProvider Build(LoopbackServer zendesk)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tickets:Provider"] = "Zendesk",
            ["Tickets:Zendesk:BaseUrl"] = zendesk.BaseAddress.AbsoluteUri,
            ["Tickets:Zendesk:Email"] = "agent@contoso.com",
            ["Tickets:Zendesk:ApiToken"] = "zd-wrong-types-token",
            ["Tickets:Resilience:RetryDelay"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddHelpdeskBotTickets(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Zendesk_ticket_read_back_with_a_numeric_subject_and_external_id_reads_them_as_absent()
    {
        await using var zendesk = await LoopbackServer.StartAsync(app => app.MapGet(
            "/api/v2/tickets/{id}.json",
            (string id) => Results.Json(new { ticket = new { id = 41, subject = 12345, status = "open", external_id = 678 } })));
        await using var services = Build(zendesk);

        var view = await services.GetRequiredService<ITicketProvider>().GetAsync(new TicketRef("Zendesk", "41", null, null), CancellationToken.None);

        Assert.NotNull(view);
        Assert.Equal(string.Empty, view.Title);
        Assert.Equal(ExternalTicketState.Open, view.State);
        Assert.Equal("41", view.Ticket.Number);
        Assert.Null(view.Ticket.ExternalId);
    }

    [Fact]
    public async Task Zendesk_note_refused_with_a_numeric_status_read_back_keeps_the_refusal()
    {
        var posts = 0;
        await using var zendesk = await LoopbackServer.StartAsync(app =>
        {
            app.MapPut("/api/v2/tickets/{id}.json", (string id) => Results.Json(new { error = "RecordInvalid" }, statusCode: 422));
            app.MapGet("/api/v2/tickets/{id}.json", (string id) => Results.Json(new { ticket = new { id = 41, subject = "502 on wiki", status = 5 } }));
            app.MapPost("/api/v2/tickets.json", () =>
            {
                Interlocked.Increment(ref posts);
                return Results.Json(new { ticket = new { id = 42 } });
            });
        });
        await using var services = Build(zendesk);
        var note = new TicketComment("Megan Bowen", new TicketDocument([new DocParagraph(new DocText("Restarted the proxy."))]), null);

        var refused = await Assert.ThrowsAsync<TicketProviderException>(() => services.GetRequiredService<ITicketProvider>().AddNoteAsync(new TicketRef("Zendesk", "41", null, null), note, CancellationToken.None));

        Assert.Equal(422, refused.StatusCode);
        Assert.Equal(0, Volatile.Read(ref posts)); // not closed as far as anyone can tell: no follow-up ticket
    }
}
