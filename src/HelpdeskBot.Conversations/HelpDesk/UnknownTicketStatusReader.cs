using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>Until Tickets registers the providers' read-back: the ticket system's state is not known, so nothing follows from it.</summary>
internal sealed class UnknownTicketStatusReader : ITicketStatusReader
{
    public Task<ExternalTicketStatus> ReadAsync(TicketRef ticket, CancellationToken cancellationToken) =>
        Task.FromResult(new ExternalTicketStatus(ExternalTicketState.Unknown, null));
}
