using System.Security.Claims;
using HelpdeskBot.Pages;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HelpdeskBot.TicketDesk;

/// <summary>
/// The incident card's actions on the ticket page: <c>POST /tickets/{number}/{take|check|note|resolve|reopen}</c>, for
/// the <c>tickets.admin</c> scope, from the bot's own page (<see cref="SameOriginFilter"/>). Each calls
/// <see cref="IIncidentDesk"/> as the channel card does, and answers with the ticket page saying what happened.
/// </summary>
internal static class TicketActions
{
    /// <summary>Longest note accepted (a ticket comment, not an essay; the card's input has the same limit).</summary>
    public const int MaxNoteLength = 2000;

    /// <summary>Each action and its button, in the help desk's language: the channel card's words for the same action.</summary>
    public static readonly IReadOnlyList<(string Verb, Func<DeskTexts, string> Label)> All =
    [
        ("take", t => t.CardTake),
        ("check", t => t.CardCheckNow),
        ("resolve", t => t.CardResolve),
        ("reopen", t => t.CardReopen),
        ("note", t => t.CardAddNote),
    ];

    public static WebApplication MapTicketActions(this WebApplication app)
    {
        app.MapPost("/tickets/{number}/{verb}", ActAsync)
            .RequireAuthorization(TicketsHosting.AdminPolicy)
            .AddEndpointFilter<SameOriginFilter>()
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<ContentHttpResult, NotFound<string>, ProblemHttpResult>> ActAsync(
        string number, string verb, HttpContext http, IEmbeddedTicketStore store, IIncidentStore incidents, [FromServices] IIncidentDesk desk, DeskTexts texts, CancellationToken cancellationToken)
    {
        if (!All.Any(a => a.Verb == verb))
        {
            return TypedResults.NotFound($"No action '{verb}'; the actions are {string.Join(", ", All.Select(a => a.Verb))}.");
        }

        if (await store.GetAsync(number, cancellationToken) is not { } ticket)
        {
            return TypedResults.NotFound("No such ticket.");
        }

        if (await incidents.FindByLeadEscalationIdAsync(ticket.CorrelationId, cancellationToken) is not { } incident)
        {
            return TypedResults.Problem($"Ticket {ticket.Number} has no incident to act on.", statusCode: StatusCodes.Status409Conflict);
        }

        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        var note = form["note"].ToString().Trim();
        if (verb == "note" && note.Length is 0 or > MaxNoteLength)
        {
            return TypedResults.Problem($"A note needs 1 to {MaxNoteLength} characters; nothing was added.", statusCode: StatusCodes.Status400BadRequest);
        }

        var agent = Agent(http.User);
        var result = verb switch
        {
            "take" => await desk.TakeAsync(incident.IncidentId, agent, cancellationToken),
            "check" => await desk.CheckNowAsync(incident.IncidentId, agent, cancellationToken),
            "note" => await desk.AddNoteAsync(incident.IncidentId, agent, note, cancellationToken),
            "resolve" => await desk.ResolveAsync(incident.IncidentId, agent, force: form["force"] == "true", cancellationToken),
            _ => await desk.ReopenAsync(incident.IncidentId, agent, cancellationToken),
        };

        // Read again: the action may have changed the incident and, for a note, the ticket's comments.
        ticket = await store.GetAsync(number, cancellationToken) ?? ticket;
        incident = await incidents.GetAsync(incident.IncidentId, cancellationToken) ?? incident;
        PageLayout.Harden(http.Response, html: true);
        return TypedResults.Content(TicketPages.Detail(ticket, incident, http.User, texts, new TicketActionDone(verb, result)), "text/html; charset=utf-8");
    }

    /// <summary>
    /// Who acts, as the desk and the card show it: the key's name or the Basic user name (or the Entra token's name),
    /// identified by the scheme's stable id (a digest of the key, or the token's object id).
    /// </summary>
    public static HelpdeskAgent Agent(ClaimsPrincipal user)
    {
        var id = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("oid")?.Value ?? user.FindFirst("sub")?.Value ?? "web";
        var name = user.FindFirst(ClaimTypes.Name)?.Value ?? user.FindFirst("name")?.Value ?? user.FindFirst("preferred_username")?.Value ?? "web user";
        return new HelpdeskAgent(id, name, "web");
    }
}

/// <summary>An action just taken on the ticket page, shown at its top.</summary>
internal sealed record TicketActionDone(string Verb, IncidentActionResult Result);
