using System.Globalization;
using HelpdeskBot.Storage.Schema;
using HelpdeskBot.Tickets.Embedded;

namespace HelpdeskBot.Storage.Sql;

/// <summary>
/// Embedded tickets on either engine. Numbers come from the engine's counter (SQLite: a row in <c>sequences</c>
/// under the single write lock; PostgreSQL: a sequence, unique across instances, gaps possible when two instances
/// race on one correlation id). The unique correlation id decides which create wins.
/// </summary>
internal sealed class EmbeddedTicketStore(StorageDatabase database) : IEmbeddedTicketStore
{
    private const string Columns =
        "number, correlation_id, title, description_markdown, assigned_team, category, urgency, status, reporter_id, reporter_name, target, created_at, updated_at";

    public async Task<EmbeddedTicket> CreateAsync(NewEmbeddedTicket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        EmbeddedTicketValidation.ForCreate(ticket);
        var session = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // The common retry path (the ticket exists) costs one read and no number.
            if (await FindAsync(session, "correlation_id", ticket.CorrelationId, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                return existing;
            }

            long sequence;
            await using (var next = session.Command(session.Dialect.NextTicketNumberSql))
            {
                sequence = Convert.ToInt64(await next.ScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            }

            var number = string.Create(CultureInfo.InvariantCulture, $"{ticket.Prefix}-{sequence}");
            int inserted;
            await using (var insert = session.Command(
                $"INSERT INTO embedded_tickets ({Columns}, seq) VALUES (@number, @correlation, @title, @description, @team, @category, " +
                "@urgency, @status, @reporterId, @reporterName, @target, @now, @now, @seq) ON CONFLICT (correlation_id) DO NOTHING;"))
            {
                insert.With("number", number).With("correlation", ticket.CorrelationId).With("title", ticket.Title)
                    .With("description", ticket.DescriptionMarkdown).With("team", ticket.AssignedTeam).With("category", ticket.Category)
                    .With("urgency", ticket.Urgency).With("status", EmbeddedTicketValidation.OpenStatus)
                    .With("reporterId", ticket.ReporterId).With("reporterName", ticket.ReporterName).With("target", ticket.Target)
                    .With("now", now).With("seq", sequence);
                inserted = await insert.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            if (inserted == 0)
            {
                // PostgreSQL only: another instance created it between our read and our insert (ON CONFLICT waited
                // for its commit, and READ COMMITTED lets the next statement see it).
                var winner = await FindAsync(session, "correlation_id", ticket.CorrelationId, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Ticket with correlation id {ticket.CorrelationId} conflicted but cannot be read.");
                await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                return winner;
            }

            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new EmbeddedTicket(number, ticket.CorrelationId, ticket.Title, ticket.DescriptionMarkdown, ticket.AssignedTeam,
                ticket.Category, ticket.Urgency, EmbeddedTicketValidation.OpenStatus, ticket.ReporterId, ticket.ReporterName,
                ticket.Target, DbTime.Truncate(now), DbTime.Truncate(now), []);
        }
    }

    public async Task<EmbeddedTicket?> FindByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await FindAsync(session, "correlation_id", correlationId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<EmbeddedTicket?> GetAsync(string number, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await FindAsync(session, "number", number, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> AddCommentAsync(string number, string author, string body, string? newTitle, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(author);
        ArgumentNullException.ThrowIfNull(body);
        var session = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // The comment is added only when the ticket exists, together with the new title (the UPDATE locks the row).
            await using (var touch = session.Command("UPDATE embedded_tickets SET title = COALESCE(@title, title), updated_at = @now WHERE number = @number;")
                .With("title", newTitle).With("now", now).With("number", number))
            {
                if (await touch.ExecuteAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    await session.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }
            }

            await using (var insert = session.Command("INSERT INTO embedded_ticket_comments (number, author, body, at) VALUES (@number, @author, @body, @now);")
                .With("number", number).With("author", author).With("body", body).With("now", now))
            {
                await insert.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    public async Task<IReadOnlyList<EmbeddedTicket>> ListAsync(EmbeddedTicketQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command(
                $"SELECT {Columns} FROM embedded_tickets WHERE (@reporter IS NULL OR reporter_id = @reporter) " +
                $"AND (NOT @openOnly OR status NOT IN ({EmbeddedTicketValidation.ClosedSqlList})) " +
                "ORDER BY created_at DESC, seq DESC LIMIT @max;")
                .With("reporter", query.ReporterId).With("openOnly", query.OpenOnly).With("max", Math.Max(0, query.Max));
            var rows = await command.ReadAsync(Read, cancellationToken).ConfigureAwait(false);
            return await WithCommentsAsync(session, rows, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<EmbeddedTicket?> FindAsync(StoreSession session, string column, string value, CancellationToken cancellationToken)
    {
        await using var command = session.Command($"SELECT {Columns} FROM embedded_tickets WHERE {column} = @value;").With("value", value);
        var rows = await command.ReadAsync(Read, cancellationToken).ConfigureAwait(false);
        var tickets = await WithCommentsAsync(session, rows, cancellationToken).ConfigureAwait(false);
        return tickets.Count == 0 ? null : tickets[0];
    }

    private static async Task<IReadOnlyList<EmbeddedTicket>> WithCommentsAsync(StoreSession session, List<EmbeddedTicket> tickets, CancellationToken cancellationToken)
    {
        if (tickets.Count == 0)
        {
            return tickets;
        }

        await using var command = session.Command(string.Empty);
        command.Text = $"SELECT number, author, body, at FROM embedded_ticket_comments WHERE number IN ({command.WithList("n", tickets.Select(t => t.Number).ToList())}) ORDER BY id;";
        var comments = (await command.ReadAsync(r => (Number: r.String(0), Comment: new EmbeddedTicketComment(r.String(1), r.String(2), r.Instant(3))), cancellationToken).ConfigureAwait(false))
            .GroupBy(c => c.Number, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<EmbeddedTicketComment>)g.Select(c => c.Comment).ToList(), StringComparer.Ordinal);
        return tickets.Select(t => comments.TryGetValue(t.Number, out var list) ? t with { Comments = list } : t).ToList();
    }

    private static EmbeddedTicket Read(StoreRow row) => new(
        row.String(0), row.String(1), row.String(2), row.String(3), row.NullableString(4),
        row.NullableString(5), row.String(6), row.String(7), row.String(8), row.String(9),
        row.String(10), row.Instant(11), row.Instant(12), []);
}
