namespace HelpdeskBot.Tickets.Escalations;

/// <summary>
/// Tells the user (and the help-desk channel) what became of an escalation: the ticket number as soon as it
/// exists, or that it was parked. Implemented by Conversations (card update in place, else a proactive message).
/// </summary>
/// <remarks>CONTRACT between Tickets (caller, from the outbox dispatcher) and Conversations (implementation).</remarks>
public interface IEscalationNotifier
{
    Task TicketCreatedAsync(EscalationRequest request, TicketRef ticket, int affectedUsers, CancellationToken cancellationToken);

    Task EscalationParkedAsync(EscalationRequest request, string reason, CancellationToken cancellationToken);
}
