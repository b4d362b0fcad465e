using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.Tickets;

/// <summary>
/// A ticket system. Each implementation adds only its field mapping and endpoint; rendering, authentication
/// and resilience are shared. Failures throw <see cref="TicketProviderException"/> (or the resilience
/// pipeline's exceptions); the outbox dispatcher retries them.
/// </summary>
public interface ITicketProvider
{
    /// <summary>Provider name as in <c>Tickets:Provider</c> and <see cref="TicketRef.Provider"/>.</summary>
    string Name { get; }

    /// <summary>The ticket created earlier for this correlation id (the escalation id), if any.</summary>
    Task<TicketRef?> FindByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken);

    /// <summary>Creates the ticket, tagged with <see cref="TicketDraft.CorrelationId"/>.</summary>
    Task<TicketRef> CreateAsync(TicketDraft draft, CancellationToken cancellationToken);

    /// <summary>Adds a comment, and replaces the title when <see cref="TicketComment.NewTitle"/> is set.</summary>
    Task AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken);

    /// <summary>
    /// Adds an agent's note to the ticket as a comment; returns the ticket the note is on. A ticket system that keeps a
    /// ticket ended for good from any update (Zendesk's closed) puts the note on a follow-up ticket linked to it instead,
    /// and returns that one.
    /// </summary>
    async Task<TicketRef> AddNoteAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken)
    {
        await AddCommentAsync(ticket, comment, cancellationToken).ConfigureAwait(false);
        return ticket;
    }

    /// <summary>Reads the ticket back (title, status and its mapped state), or null when it does not exist.</summary>
    Task<TicketView?> GetAsync(TicketRef ticket, CancellationToken cancellationToken);
}

/// <summary>A ticket to create: the request, its title and the rendered-once body.</summary>
public sealed record TicketDraft(EscalationRequest Request, string Title, TicketDocument Body)
{
    public string CorrelationId => Request.EscalationId;
}

/// <param name="Author">Who the comment is from (the bot's name or the joining reporter).</param>
/// <param name="Key">
/// The comment's idempotency key (null: none): a ticket system that can find an update by it adds the comment at most
/// once, so a stop between the ticket system's answer and the stored mark (the outbox row, the agent's note count) does not
/// add it twice when the operation runs again. Zendesk: the update's audit metadata; the webhook: its Idempotency-Key.
/// </param>
public sealed record TicketComment(string Author, TicketDocument Body, string? NewTitle, string? Key = null);

/// <param name="Status">The provider's own status word, as the ticket system shows it.</param>
/// <param name="State">The status mapped by the provider: resolved, open, or unknown when it cannot say.</param>
/// <param name="ChangedAt">
/// When the ticket system says the ticket was resolved, from a time that only a resolution moves (never a time that a
/// later comment or edit moves too); null when it keeps none or the ticket is not resolved.
/// </param>
/// <param name="UpdatedAt">
/// When anything on the ticket last changed (a comment too; ServiceNow's <c>sys_updated_on</c>), given only by a system
/// that may keep no resolution time: never a resolution time by itself (see <see cref="ExternalTicketStatus.UpdatedAt"/>).
/// </param>
public sealed record TicketView(TicketRef Ticket, string Title, string Status, ExternalTicketState State, DateTimeOffset? ChangedAt = null, DateTimeOffset? UpdatedAt = null);

/// <summary>A ticket system answered with an error or nonsense. The message never holds a credential.</summary>
public sealed class TicketProviderException : Exception
{
    public TicketProviderException(string provider, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base($"{provider}: {message}", inner)
    {
        Provider = provider;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public TicketProviderException()
        : this("unknown", "ticket provider failed")
    {
    }

    public TicketProviderException(string message)
        : this("unknown", message)
    {
    }

    public TicketProviderException(string message, Exception innerException)
        : this("unknown", message, inner: innerException)
    {
    }

    public string Provider { get; }

    public int? StatusCode { get; }

    /// <summary>The provider's Retry-After, honoured by the outbox's next attempt.</summary>
    public TimeSpan? RetryAfter { get; }
}
