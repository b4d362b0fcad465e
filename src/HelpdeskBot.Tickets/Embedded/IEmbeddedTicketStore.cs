namespace HelpdeskBot.Tickets.Embedded;

/// <summary>Tickets of the embedded provider, kept in the bot's own store.</summary>
/// <remarks>CONTRACT implemented by Storage for SQLite and PostgreSQL.</remarks>
public interface IEmbeddedTicketStore
{
    /// <summary>
    /// Creates a ticket numbered <c>{prefix}-{n}</c> (n from a per-store sequence), unless one with the same
    /// <see cref="NewEmbeddedTicket.CorrelationId"/> exists, in which case that one is returned unchanged.
    /// </summary>
    Task<EmbeddedTicket> CreateAsync(NewEmbeddedTicket ticket, DateTimeOffset now, CancellationToken cancellationToken);

    Task<EmbeddedTicket?> FindByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken);

    Task<EmbeddedTicket?> GetAsync(string number, CancellationToken cancellationToken);

    /// <summary>Appends a comment and optionally replaces the title (affected-users count).</summary>
    Task<bool> AddCommentAsync(string number, string author, string body, string? newTitle, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<EmbeddedTicket>> ListAsync(EmbeddedTicketQuery query, CancellationToken cancellationToken);
}

public sealed record NewEmbeddedTicket(
    string Prefix,
    string CorrelationId,
    string Title,
    string DescriptionMarkdown,
    string? AssignedTeam,
    string? Category,
    string Urgency,
    string ReporterId,
    string ReporterName,
    string Target);

public sealed record EmbeddedTicket(
    string Number,
    string CorrelationId,
    string Title,
    string DescriptionMarkdown,
    string? AssignedTeam,
    string? Category,
    string Urgency,
    string Status,
    string ReporterId,
    string ReporterName,
    string Target,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<EmbeddedTicketComment> Comments);

public sealed record EmbeddedTicketComment(string Author, string Body, DateTimeOffset At);

/// <param name="ReporterId">Only this reporter's tickets (for "status"), or all when null.</param>
/// <param name="OpenOnly">Only tickets whose status is not resolved/closed.</param>
public sealed record EmbeddedTicketQuery(string? ReporterId = null, bool OpenOnly = false, int Max = 100);
