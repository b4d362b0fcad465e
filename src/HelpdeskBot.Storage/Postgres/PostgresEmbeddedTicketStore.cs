using HelpdeskBot.Tickets.Embedded;
using Npgsql;

namespace HelpdeskBot.Storage.Postgres;

/// <summary>
/// Embedded tickets on PostgreSQL: numbers from a sequence (unique across instances, gaps possible when two
/// instances race on one correlation id), and the unique correlation id decides which create wins.
/// </summary>
internal sealed class PostgresEmbeddedTicketStore(PostgresDatabase database) : IEmbeddedTicketStore
{
    private const string Columns =
        "number, correlation_id, title, description_markdown, assigned_team, category, urgency, status, reporter_id, reporter_name, target, created_at, updated_at";

    public async Task<EmbeddedTicket> CreateAsync(NewEmbeddedTicket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        EmbeddedTicketValidation.ForCreate(ticket);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // The common retry path (ticket exists) costs one read and no sequence value.
            if (await FindAsync(connection, "correlation_id", ticket.CorrelationId, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }

            await using var insert = connection.Command(
                $"WITH n AS (SELECT nextval('embedded_ticket_seq') AS seq) " +
                $"INSERT INTO embedded_tickets ({Columns}, seq) " +
                "SELECT @prefix || '-' || n.seq, @correlation, @title, @description, @team, @category, @urgency, @status, " +
                "@reporterId, @reporterName, @target, @now, @now, n.seq FROM n " +
                "ON CONFLICT (correlation_id) DO NOTHING RETURNING number;")
                .With("prefix", ticket.Prefix).With("correlation", ticket.CorrelationId).With("title", ticket.Title)
                .With("description", ticket.DescriptionMarkdown).With("team", ticket.AssignedTeam).With("category", ticket.Category)
                .With("urgency", ticket.Urgency).With("status", EmbeddedTicketValidation.OpenStatus)
                .With("reporterId", ticket.ReporterId).With("reporterName", ticket.ReporterName).With("target", ticket.Target)
                .With("now", now);
            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string number)
            {
                return new EmbeddedTicket(number, ticket.CorrelationId, ticket.Title, ticket.DescriptionMarkdown, ticket.AssignedTeam,
                    ticket.Category, ticket.Urgency, EmbeddedTicketValidation.OpenStatus, ticket.ReporterId, ticket.ReporterName,
                    ticket.Target, DbTime.Truncate(now), DbTime.Truncate(now), []);
            }

            // Another instance created it between our read and our insert (ON CONFLICT waited for its commit).
            return await FindAsync(connection, "correlation_id", ticket.CorrelationId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Ticket with correlation id {ticket.CorrelationId} conflicted but cannot be read.");
        }
    }

    public async Task<EmbeddedTicket?> FindByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await FindAsync(connection, "correlation_id", correlationId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<EmbeddedTicket?> GetAsync(string number, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await FindAsync(connection, "number", number, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> AddCommentAsync(string number, string author, string body, string? newTitle, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(author);
        ArgumentNullException.ThrowIfNull(body);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One statement: the comment is added only when the ticket exists, together with the new title.
            await using var command = connection.Command(
                "WITH touched AS (UPDATE embedded_tickets SET title = COALESCE(@title, title), updated_at = @now WHERE number = @number RETURNING number) " +
                "INSERT INTO embedded_ticket_comments (number, author, body, at) SELECT number, @author, @body, @now FROM touched;")
                .With("title", newTitle).With("now", now).With("number", number).With("author", author).With("body", body);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    public async Task<IReadOnlyList<EmbeddedTicket>> ListAsync(EmbeddedTicketQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = connection.Command(
                $"SELECT {Columns} FROM embedded_tickets WHERE (@reporter IS NULL OR reporter_id = @reporter) " +
                $"AND (NOT @openOnly OR status NOT IN ({EmbeddedTicketValidation.ClosedSqlList})) " +
                "ORDER BY created_at DESC, seq DESC LIMIT @max;")
                .With("reporter", query.ReporterId).With("openOnly", query.OpenOnly).With("max", Math.Max(0, query.Max));
            var rows = await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
            return await WithCommentsAsync(connection, rows, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<EmbeddedTicket?> FindAsync(NpgsqlConnection connection, string column, string value, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {Columns} FROM embedded_tickets WHERE {column} = @value;").With("value", value);
        var rows = await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
        var tickets = await WithCommentsAsync(connection, rows, cancellationToken).ConfigureAwait(false);
        return tickets.Count == 0 ? null : tickets[0];
    }

    private static async Task<List<EmbeddedTicket>> ReadTicketsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var tickets = new List<EmbeddedTicket>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tickets.Add(new EmbeddedTicket(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetNullableString(4),
                    reader.GetNullableString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9),
                    reader.GetString(10), reader.GetInstant(11), reader.GetInstant(12), []));
            }
        }

        return tickets;
    }

    private static async Task<IReadOnlyList<EmbeddedTicket>> WithCommentsAsync(NpgsqlConnection connection, List<EmbeddedTicket> tickets, CancellationToken cancellationToken)
    {
        if (tickets.Count == 0)
        {
            return tickets;
        }

        await using var command = connection.Command("SELECT number, author, body, at FROM embedded_ticket_comments WHERE number = ANY(@numbers) ORDER BY id;");
        command.Parameters.AddWithValue("numbers", tickets.Select(t => t.Number).ToArray());
        var comments = new Dictionary<string, List<EmbeddedTicketComment>>(StringComparer.Ordinal);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var number = reader.GetString(0);
                if (!comments.TryGetValue(number, out var list))
                {
                    comments[number] = list = [];
                }

                list.Add(new EmbeddedTicketComment(reader.GetString(1), reader.GetString(2), reader.GetInstant(3)));
            }
        }

        return tickets.Select(t => comments.TryGetValue(t.Number, out var list) ? t with { Comments = list } : t).ToList();
    }
}
