using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Tickets.Escalations;

/// <summary>The default notifier until Conversations registers the one that updates cards: it only logs.</summary>
internal sealed class LoggingEscalationNotifier : IEscalationNotifier
{
    private readonly ILogger<LoggingEscalationNotifier> _logger;

    public LoggingEscalationNotifier(ILogger<LoggingEscalationNotifier> logger) => _logger = logger;

    public Task TicketCreatedAsync(EscalationRequest request, TicketRef ticket, int affectedUsers, CancellationToken cancellationToken)
    {
        Log.NotifyTicketCreated(_logger, request.EscalationId, ticket.Number, affectedUsers);
        return Task.CompletedTask;
    }

    public Task EscalationParkedAsync(EscalationRequest request, string reason, CancellationToken cancellationToken)
    {
        Log.NotifyParked(_logger, request.EscalationId, reason);
        return Task.CompletedTask;
    }
}
