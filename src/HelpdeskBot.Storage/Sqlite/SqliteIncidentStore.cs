using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>Incident correlation on SQLite: BEGIN IMMEDIATE makes each join a critical section.</summary>
internal sealed class SqliteIncidentStore(SqliteDatabase database) : IIncidentStore
{
    private const string Columns =
        "incident_id, target_key, lead_escalation_id, opened_at, last_report_at, closed, ticket_provider, ticket_number, ticket_url, ticket_external_id";

    public async Task<IncidentJoin> JoinOrOpenAsync(string targetKey, string reporterId, string reporterName, string escalationId, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        IncidentValidation.ForJoin(targetKey, reporterId, reporterName, escalationId, window);
        var connection = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = SqliteDatabase.BeginWrite(connection);
            string? incidentId = null;
            DateTimeOffset? lastReport = null;
            using (var find = connection.Command("SELECT incident_id, last_report_at FROM incidents WHERE target_key = @key AND closed = 0;", transaction)
                .With("@key", targetKey))
            {
                var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        incidentId = reader.GetString(0);
                        lastReport = reader.GetInstant(1);
                    }
                }
            }

            var isNew = false;
            if (incidentId is not null && lastReport < now - window)
            {
                // The open incident went quiet longer than the window: close it, this report starts a new one.
                using var close = connection.Command("UPDATE incidents SET closed = 1, closed_at = @now WHERE incident_id = @id;", transaction)
                    .With("@now", now).With("@id", incidentId);
                await close.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                incidentId = null;
            }

            if (incidentId is null)
            {
                incidentId = IncidentValidation.NewIncidentId();
                isNew = true;
                using var open = connection.Command(
                    "INSERT INTO incidents (incident_id, target_key, lead_escalation_id, opened_at, last_report_at, closed) VALUES (@id, @key, @lead, @now, @now, 0);",
                    transaction).With("@id", incidentId).With("@key", targetKey).With("@lead", escalationId).With("@now", now);
                await open.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var touch = connection.Command("UPDATE incidents SET last_report_at = MAX(last_report_at, @now) WHERE incident_id = @id;", transaction)
                    .With("@now", now).With("@id", incidentId);
                await touch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            bool isNewReporter;
            using (var join = connection.Command(
                "INSERT INTO incident_reporters (incident_id, reporter_id, reporter_name, joined_at) VALUES (@id, @reporter, @name, @now) " +
                "ON CONFLICT (incident_id, reporter_id) DO NOTHING;", transaction)
                .With("@id", incidentId).With("@reporter", reporterId).With("@name", reporterName).With("@now", now))
            {
                isNewReporter = await join.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            }

            var incident = await ReadAsync(connection, transaction, incidentId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Incident {incidentId} vanished inside its own transaction.");
            transaction.Commit();
            return new IncidentJoin(incident, isNew, isNewReporter);
        }
    }

    public async Task AttachTicketAsync(string incidentId, TicketRef ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var connection = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command(
                "UPDATE incidents SET ticket_provider = @provider, ticket_number = @number, ticket_url = @url, ticket_external_id = @external " +
                "WHERE incident_id = @id;")
                .With("@provider", ticket.Provider).With("@number", ticket.Number).With("@url", ticket.Url)
                .With("@external", ticket.ExternalId).With("@id", incidentId);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new InvalidOperationException($"Incident {incidentId} does not exist.");
            }
        }
    }

    public async Task<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadAsync(connection, null, incidentId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CloseAsync(string incidentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command("UPDATE incidents SET closed = 1, closed_at = @now WHERE incident_id = @id AND closed = 0;")
                .With("@now", now).With("@id", incidentId);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Incident?> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, string incidentId, CancellationToken cancellationToken)
    {
        Incident? incident = null;
        using (var command = connection.Command($"SELECT {Columns} FROM incidents WHERE incident_id = @id;", transaction).With("@id", incidentId))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                var number = reader.GetNullableString(7);
                incident = new Incident(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), 0, [],
                    number is null ? null : new TicketRef(reader.GetNullableString(6) ?? string.Empty, number, reader.GetNullableString(8), reader.GetNullableString(9)),
                    reader.GetInstant(3), reader.GetInstant(4), reader.GetInt64(5) != 0);
            }
        }

        var names = new List<string>();
        using (var reporters = connection.Command("SELECT reporter_name FROM incident_reporters WHERE incident_id = @id ORDER BY joined_at, rowid;", transaction)
            .With("@id", incidentId))
        {
            var reader = await reporters.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    names.Add(reader.GetString(0));
                }
            }
        }

        return incident with { AffectedUsers = names.Count, ReporterNames = names };
    }
}
