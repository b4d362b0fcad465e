using HelpdeskBot.Tickets.Embedded;

namespace HelpdeskBot.Storage;

internal static class EmbeddedTicketValidation
{
    public const string OpenStatus = "open";

    /// <summary>For SQL: statuses that <see cref="EmbeddedTicketQuery.OpenOnly"/> leaves out.</summary>
    public const string ClosedSqlList = "'resolved', 'closed'";

    public static void ForCreate(NewEmbeddedTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentException.ThrowIfNullOrWhiteSpace(ticket.Prefix);
        ArgumentException.ThrowIfNullOrEmpty(ticket.CorrelationId);
        ArgumentNullException.ThrowIfNull(ticket.Title);
        if (ticket.Prefix.Length > 16 || !ticket.Prefix.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"The ticket prefix must be 1-16 ASCII letters or digits, not '{ticket.Prefix}'.", nameof(ticket));
        }
    }
}
