using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Webhook;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Tickets.Incidents;

/// <summary>
/// Reads an incident's ticket back through the configured provider's get-by-id; the provider maps its own states.
/// The webhook's receiver is not asked: its status is free text, and it reports a resolution through the signed
/// status callback instead (docs/webhook.md). Whatever goes wrong (the system down or throttling, the ticket gone,
/// an answer not understood, a ticket of another provider) is <see cref="ExternalTicketState.Unknown"/>, never an exception.
/// </summary>
internal sealed class TicketStatusReader(ITicketProvider provider, ILogger<TicketStatusReader> logger) : ITicketStatusReader
{
    private static readonly ExternalTicketStatus Unknown = new(ExternalTicketState.Unknown, null);

    public async Task<ExternalTicketStatus> ReadAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (!string.Equals(ticket.Provider, provider.Name, StringComparison.OrdinalIgnoreCase))
        {
            Log.TicketStatusUnreadable(logger, ticket.Provider, ticket.Number, $"the configured provider is {provider.Name}");
            return Unknown;
        }

        if (provider.Name == WebhookTicketProvider.ProviderName)
        {
            return Unknown;
        }

        try
        {
            if (await provider.GetAsync(ticket, cancellationToken).ConfigureAwait(false) is not { } view)
            {
                Log.TicketStatusUnreadable(logger, ticket.Provider, ticket.Number, "the ticket system has no such ticket");
                return Unknown;
            }

            return new ExternalTicketStatus(view.State, view.Status, view.ChangedAt, view.UpdatedAt);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A provider's own errors never hold a credential; anything else is named by its type only.
            Log.TicketStatusUnreadable(logger, ticket.Provider, ticket.Number, ex is TicketProviderException ? ex.Message : ex.GetType().Name);
            return Unknown;
        }
    }
}
