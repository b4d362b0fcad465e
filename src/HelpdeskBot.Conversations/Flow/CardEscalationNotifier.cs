using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Tickets.Escalations;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>
/// Tells the user what became of their escalation: the case card is updated in place with the ticket number
/// (or a new message is sent when the card cannot be updated).
/// </summary>
internal sealed class CardEscalationNotifier(CaseService cases, ILogger<CardEscalationNotifier> logger) : IEscalationNotifier
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
    }

    public async Task EscalationParkedAsync(EscalationRequest request, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var done = await cases.UpdateWithRetryAsync(
            request.CaseId,
            s => s.TicketNumber is not null || s.ParkedReason is not null ? null : new Transition(s with { ParkedReason = reason }, "parked", string.Empty),
            "parked",
            cancellationToken).ConfigureAwait(false);
        if (done is { } d)
        {
            await cases.PublishAsync(d.Record.CaseId, cancellationToken).ConfigureAwait(false);
        }
    }
}
