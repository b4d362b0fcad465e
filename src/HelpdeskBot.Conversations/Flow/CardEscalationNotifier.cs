using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Tickets.Escalations;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>
/// Tells the user what became of their escalation: the case card is updated in place with the ticket number
/// (or a new message is sent when the card cannot be updated); and tells the help desk: the incident's card in
/// its channel counts the reporter, and a parked escalation is announced there with Replay.
/// </summary>
internal sealed class CardEscalationNotifier(CaseService cases, IncidentBoard board, FanOutWalks walks, ParkedAnnouncer parked, ILogger<CardEscalationNotifier> logger) : IEscalationNotifier
{
    public async Task TicketCreatedAsync(EscalationRequest request, TicketRef ticket, int affectedUsers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(ticket);
        var done = await cases.UpdateWithRetryAsync(
            request.CaseId,
            s => s.TicketNumber == ticket.Number && s.AffectedUsers == affectedUsers
                ? null
                : new Transition(s with { TicketNumber = ticket.Number, TicketUrl = ticket.Url, AffectedUsers = affectedUsers, ParkedReason = null }, "ticket", ticket.Number),
            "ticket",
            cancellationToken).ConfigureAwait(false);
        if (done is { } d)
        {
            Log.TicketShown(logger, request.CaseId, ticket.Number, affectedUsers);
            await cases.PublishAsync(d.Record.CaseId, cancellationToken).ConfigureAwait(false);
        }

        if (await board.ReportedAsync(request, cancellationToken).ConfigureAwait(false) is { } walkAgain)
        {
            // The report reached an incident whose reporters' walk is pending: it runs (again) and counts this reporter too.
            walks.Start(walkAgain);
        }
    }

    public async Task EscalationParkedAsync(EscalationRequest request, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The help desk first: only once the channel has the notice may the user's card say the help desk was told.
        var announced = await parked.AnnounceAsync(request, reason, cancellationToken).ConfigureAwait(false);
        var done = await cases.UpdateWithRetryAsync(
            request.CaseId,
            s => s.TicketNumber is not null || s.ParkedReason is not null ? null : new Transition(s with { ParkedReason = reason, ParkedAnnounced = announced }, "parked", string.Empty),
            "parked",
            cancellationToken).ConfigureAwait(false);
        if (done is { } d)
        {
            await cases.PublishAsync(d.Record.CaseId, cancellationToken).ConfigureAwait(false);
        }
    }
}
