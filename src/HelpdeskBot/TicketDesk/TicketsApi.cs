using HelpdeskBot.Pages;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpdeskBot.TicketDesk;

/// <summary>The embedded tickets as JSON for agents' tools, the agents' read-only pages, and the outbox admin API.</summary>
internal static class TicketsApi
{
    public static WebApplication MapHelpdeskBotTickets(this WebApplication app)
    {
        var api = app.MapGroup("/api/tickets").RequireAuthorization(TicketsHosting.ReadPolicy);
        api.MapGet("/", ListAsync);
        api.MapGet("/{number}", GetAsync);

        var pages = app.MapGroup("/tickets").RequireAuthorization(TicketsHosting.ReadPolicy);
        pages.MapGet("/", ListPageAsync);
        pages.MapGet("/{number}", DetailPageAsync);

        var admin = app.MapGroup("/api/admin/outbox").RequireAuthorization(TicketsHosting.AdminPolicy);
        admin.MapGet("/", OutboxListAsync);
        admin.MapPost("/{id:long}/replay", ReplayAsync);
        return app.MapWebhookStatusCallback().MapTicketActions();
    }

    /// <param name="reporter">Only this reporter's tickets (the Teams user id).</param>
    /// <param name="open">Only tickets not resolved/closed.</param>
    /// <param name="status">Only tickets in this status.</param>
    /// <param name="target">Only tickets about this target (host).</param>
    /// <param name="max">At most this many (1-500, default 100).</param>
    private static async Task<Results<Ok<IReadOnlyList<EmbeddedTicket>>, ProblemHttpResult>> ListAsync(
        IEmbeddedTicketStore store, string? reporter, bool? open, string? status, string? target, int? max, CancellationToken cancellationToken)
    {
        if (max is < 1 or > 500)
        {
            return TypedResults.Problem("max must be between 1 and 500.", statusCode: 400);
        }

        var tickets = await QueryAsync(store, reporter, open, status, target, max ?? 100, cancellationToken);
        return TypedResults.Ok(tickets);
    }

    private static async Task<Results<Ok<EmbeddedTicket>, NotFound>> GetAsync(IEmbeddedTicketStore store, string number, CancellationToken cancellationToken)
        => await store.GetAsync(number, cancellationToken) is { } ticket ? TypedResults.Ok(ticket) : TypedResults.NotFound();

    private static async Task<ContentHttpResult> ListPageAsync(
        IEmbeddedTicketStore store, DeskTexts texts, HttpContext http, string? reporter, bool? open, string? status, string? target, CancellationToken cancellationToken)
    {
        // An empty field of the filter form means "any"; a status may be typed in the help desk's words ("?status=gelöst").
        var filter = new TicketFilter(Blank(reporter), open ?? false, Blank(status) is { } s ? TicketFilter.StatusOf(s, texts) : null, Blank(target));
        var tickets = await QueryAsync(store, filter.Reporter, filter.OnlyOpen, filter.Status, filter.Target, 200, cancellationToken);
        PageLayout.Harden(http.Response, html: true);
        return TypedResults.Content(TicketPages.List(tickets, filter, http.User, texts), "text/html; charset=utf-8");
    }

    private static async Task<Results<ContentHttpResult, NotFound<string>>> DetailPageAsync(
        IEmbeddedTicketStore store, IIncidentStore incidents, DeskTexts texts, HttpContext http, string number, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(number, cancellationToken) is not { } ticket)
        {
            return TypedResults.NotFound("No such ticket.");
        }

        var incident = await incidents.FindByLeadEscalationIdAsync(ticket.CorrelationId, cancellationToken);
        PageLayout.Harden(http.Response, html: true);
        return TypedResults.Content(TicketPages.Detail(ticket, incident, http.User, texts), "text/html; charset=utf-8");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static async Task<Results<Ok<IReadOnlyList<OutboxEntry>>, ProblemHttpResult>> OutboxListAsync(OutboxAdmin admin, string? state, int? max, CancellationToken cancellationToken)
    {
        OutboxState? filter = null;
        if (state is not null)
        {
            if (!Enum.TryParse<OutboxState>(state, ignoreCase: true, out var parsed))
            {
                return TypedResults.Problem("state must be Pending, InProgress, Sent or Parked.", statusCode: 400);
            }

            filter = parsed;
        }

        return TypedResults.Ok(await admin.ListAsync(filter, max ?? 100, cancellationToken));
    }

    private static async Task<Results<Accepted, NotFound, Conflict<string>>> ReplayAsync(OutboxAdmin admin, long id, CancellationToken cancellationToken)
    {
        if (await admin.GetAsync(id, cancellationToken) is not { } entry)
        {
            return TypedResults.NotFound();
        }

        return await admin.ReplayAsync(id, cancellationToken)
            ? TypedResults.Accepted($"/api/admin/outbox/{id}")
            : TypedResults.Conflict($"Escalation {entry.EscalationId} is {entry.State}, not Parked; only parked escalations can be replayed.");
    }

    private static async Task<IReadOnlyList<EmbeddedTicket>> QueryAsync(IEmbeddedTicketStore store, string? reporter, bool? open, string? status, string? target, int max, CancellationToken cancellationToken)
    {
        // The store filters by reporter and openness; status and target narrow the page further here.
        var filtered = status is not null || target is not null;
        var tickets = await store.ListAsync(new EmbeddedTicketQuery(reporter, open ?? false, filtered ? 1000 : max), cancellationToken);
        return tickets
            .Where(t => status is null || string.Equals(t.Status, status, StringComparison.OrdinalIgnoreCase))
            .Where(t => target is null || t.Target.Contains(target, StringComparison.OrdinalIgnoreCase))
            .Take(max)
            .ToList();
    }
}
