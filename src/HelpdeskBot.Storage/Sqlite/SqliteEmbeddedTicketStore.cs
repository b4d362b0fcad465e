using System.Globalization;
using HelpdeskBot.Tickets.Embedded;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Storage.Sqlite;

internal sealed class SqliteEmbeddedTicketStore(SqliteDatabase database) : IEmbeddedTicketStore
{
    private const string Columns =
        "number, correlation_id, title, description_markdown, assigned_team, category, urgency, status, reporter_id, reporter_name, target, created_at, updated_at";

    public async Task<EmbeddedTicket> CreateAsync(NewEmbeddedTicket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        EmbeddedTicketValidation.ForCreate(ticket);
        var connection = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One writer at a time: the look-up, the sequence and the insert cannot interleave with another create.
            using var transaction = SqliteDatabase.BeginWrite(connection);
            var existing = await FindAsync(connection, transaction, "correlation_id", ticket.CorrelationId, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                transaction.Commit();
                return existing;
            }

            long sequence;
            using (var next = connection.Command(
                "UPDATE sequences SET value = value + 1 WHERE name = 'embedded_ticket' RETURNING value;", transaction))
            {
                sequence = Convert.ToInt64(await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            }

            var number = string.Create(CultureInfo.InvariantCulture, $"{ticket.Prefix}-{sequence}");
            using (var insert = connection.Command(
                $"INSERT INTO embedded_tickets ({Columns}, seq) VALUES (@number, @correlation, @title, @description, @team, @category, " +
                "@urgency, @status, @reporterId, @reporterName, @target, @now, @now, @seq);", transaction))
            {
                insert.With("@number", number).With("@correlation", ticket.CorrelationId).With("@title", ticket.Title)
                    .With("@description", ticket.DescriptionMarkdown).With("@team", ticket.AssignedTeam).With("@category", ticket.Category)
                    .With("@urgency", ticket.Urgency).With("@status", EmbeddedTicketValidation.OpenStatus)
                    .With("@reporterId", ticket.ReporterId).With("@reporterName", ticket.ReporterName).With("@target", ticket.Target)
                    .With("@now", now).With("@seq", sequence);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
            return new EmbeddedTicket(number, ticket.CorrelationId, ticket.Title, ticket.DescriptionMarkdown, ticket.AssignedTeam,
                ticket.Category, ticket.Urgency, EmbeddedTicketValidation.OpenStatus, ticket.ReporterId, ticket.ReporterName,
                ticket.Target, DbTime.Truncate(now), DbTime.Truncate(now), []);
        }
    }

    public async Task<EmbeddedTicket?> FindByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await FindAsync(connection, null, "correlation_id", correlationId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<EmbeddedTicket?> GetAsync(string number, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await FindAsync(connection, null, "number", number, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> AddCommentAsync(string number, string author, string body, string? newTitle, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(author);
        ArgumentNullException.ThrowIfNull(body);
        var connection = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = SqliteDatabase.BeginWrite(connection);
            using (var touch = connection.Command(
                "UPDATE embedded_tickets SET title = COALESCE(@title, title), updated_at = @now WHERE number = @number;", transaction)
                .With("@title", newTitle).With("@now", now).With("@number", number))
            {
                if (await touch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    transaction.Rollback();
                    return false;
                }
            }

            using (var insert = connection.Command(
                "INSERT INTO embedded_ticket_comments (number, author, body, at) VALUES (@number, @author, @body, @now);", transaction)
                .With("@number", number).With("@author", author).With("@body", body).With("@now", now))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
            return true;
        }
    }

    public async Task<IReadOnlyList<EmbeddedTicket>> ListAsync(EmbeddedTicketQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command(
                $"SELECT {Columns} FROM embedded_tickets WHERE (@reporter IS NULL OR reporter_id = @reporter) " +
                $"AND (@openOnly = 0 OR status NOT IN ({EmbeddedTicketValidation.ClosedSqlList})) " +
                "ORDER BY created_at DESC, seq DESC LIMIT @max;")
                .With("@reporter", query.ReporterId).With("@openOnly", query.OpenOnly).With("@max", Math.Max(0, query.Max));
            var rows = await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
            return await WithCommentsAsync(connection, null, rows, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<EmbeddedTicket?> FindAsync(SqliteConnection connection, SqliteTransaction? transaction, string column, string value, CancellationToken cancellationToken)
    {
        using var command = connection.Command($"SELECT {Columns} FROM embedded_tickets WHERE {column} = @value;", transaction).With("@value", value);
        var rows = await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
        var tickets = await WithCommentsAsync(connection, transaction, rows, cancellationToken).ConfigureAwait(false);
        return tickets.Count == 0 ? null : tickets[0];
    }

    private static async Task<List<EmbeddedTicket>> ReadTicketsAsync(SqliteCommand command, CancellationToken cancellationToken)
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

    private static async Task<IReadOnlyList<EmbeddedTicket>> WithCommentsAsync(SqliteConnection connection, SqliteTransaction? transaction, List<EmbeddedTicket> tickets, CancellationToken cancellationToken)
    {
        if (tickets.Count == 0)
        {
            return tickets;
        }

        using var command = connection.Command(string.Empty, transaction);
        var names = new List<string>(tickets.Count);
        for (var i = 0; i < tickets.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"@n{i}");
            names.Add(name);
            command.With(name, tickets[i].Number);
        }

        command.CommandText = $"SELECT number, author, body, at FROM embedded_ticket_comments WHERE number IN ({string.Join(", ", names)}) ORDER BY id;";
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
