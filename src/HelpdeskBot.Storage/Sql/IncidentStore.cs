using HelpdeskBot.Storage.Schema;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;

namespace HelpdeskBot.Storage.Sql;

/// <summary>
/// Incident correlation on either engine. Each join is a critical section per target: SQLite's BEGIN IMMEDIATE
/// serializes all writers; on PostgreSQL a transaction-scoped lock on the target key serializes the joins of one
/// target across instances while other targets proceed. The partial unique index on open incidents backs it up.
/// </summary>
internal sealed class IncidentStore(StorageDatabase database) : IIncidentStore
{
    private const string Columns =
        "incident_id, target_key, lead_escalation_id, opened_at, last_report_at, closed, ticket_provider, ticket_number, ticket_url, ticket_external_id";

    public async Task<IncidentJoin> JoinOrOpenAsync(string targetKey, string reporterId, string reporterName, string escalationId, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        IncidentValidation.ForJoin(targetKey, reporterId, reporterName, escalationId, window);
        var session = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.LockKeyAsync("incident:" + targetKey, cancellationToken).ConfigureAwait(false);
            (string Id, DateTimeOffset LastReport)? open;
            await using (var find = session.Command("SELECT incident_id, last_report_at FROM incidents WHERE target_key = @key AND closed = FALSE;").With("key", targetKey))
            {
                var rows = await find.ReadAsync(r => (r.String(0), r.Instant(1)), cancellationToken).ConfigureAwait(false);
                open = rows.Count == 0 ? null : rows[0];
            }

            var incidentId = open?.Id;
            if (open is { } o && o.LastReport < now - window)
            {
                // The open incident went quiet longer than the window: close it, this report starts a new one.
                await using var close = session.Command("UPDATE incidents SET closed = TRUE, closed_at = @now WHERE incident_id = @id;").With("now", now).With("id", o.Id);
                await close.ExecuteAsync(cancellationToken).ConfigureAwait(false);
                incidentId = null;
            }

            var isNew = incidentId is null;
            if (incidentId is null)
            {
                incidentId = IncidentValidation.NewIncidentId();
                await using var insert = session.Command(
                    "INSERT INTO incidents (incident_id, target_key, lead_escalation_id, opened_at, last_report_at, closed) VALUES (@id, @key, @lead, @now, @now, FALSE);")
                    .With("id", incidentId).With("key", targetKey).With("lead", escalationId).With("now", now);
                await insert.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var touch = session.Command($"UPDATE incidents SET last_report_at = {session.Dialect.Greatest("last_report_at", "@now")} WHERE incident_id = @id;")
                    .With("now", now).With("id", incidentId);
                await touch.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            bool isNewReporter;
            await using (var join = session.Command(
                "INSERT INTO incident_reporters (incident_id, reporter_id, reporter_name, joined_at) VALUES (@id, @reporter, @name, @now) " +
                "ON CONFLICT (incident_id, reporter_id) DO NOTHING;")
                .With("id", incidentId).With("reporter", reporterId).With("name", reporterName).With("now", now))
            {
                isNewReporter = await join.ExecuteAsync(cancellationToken).ConfigureAwait(false) == 1;
            }

            var incident = await ReadAsync(session, incidentId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Incident {incidentId} vanished inside its own transaction.");
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new IncidentJoin(incident, isNew, isNewReporter);
        }
    }

    public async Task AttachTicketAsync(string incidentId, TicketRef ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command(
                "UPDATE incidents SET ticket_provider = @provider, ticket_number = @number, ticket_url = @url, ticket_external_id = @external " +
                "WHERE incident_id = @id;")
                .With("provider", ticket.Provider).With("number", ticket.Number).With("url", ticket.Url)
                .With("external", ticket.ExternalId).With("id", incidentId);
            if (await command.ExecuteAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new InvalidOperationException($"Incident {incidentId} does not exist.");
            }
        }
    }

    public async Task<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await ReadAsync(session, incidentId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<Incident?> FindByLeadEscalationIdAsync(string escalationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(escalationId);
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            string? incidentId;
            await using (var find = session.Command("SELECT incident_id FROM incidents WHERE lead_escalation_id = @lead ORDER BY opened_at DESC;").With("lead", escalationId))
            {
                incidentId = (await find.ReadAsync(r => r.String(0), cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            }

            return incidentId is null ? null : await ReadAsync(session, incidentId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CloseAsync(string incidentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("UPDATE incidents SET closed = TRUE, closed_at = @now WHERE incident_id = @id AND closed = FALSE;")
                .With("now", now).With("id", incidentId);
            await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Incident?> ReadAsync(StoreSession session, string incidentId, CancellationToken cancellationToken)
    {
        Incident? incident;
        await using (var command = session.Command($"SELECT {Columns} FROM incidents WHERE incident_id = @id;").With("id", incidentId))
        {
            incident = await command.ReadFirstAsync(Read, cancellationToken).ConfigureAwait(false);
        }

        if (incident is null)
        {
            return null;
        }

        await using var reporters = session.Command(
            $"SELECT reporter_name FROM incident_reporters WHERE incident_id = @id ORDER BY joined_at, {session.Dialect.InsertionOrder};").With("id", incidentId);
        var names = await reporters.ReadAsync(r => r.String(0), cancellationToken).ConfigureAwait(false);
        return incident with { AffectedUsers = names.Count, ReporterNames = names };
    }

    private static Incident Read(StoreRow row)
    {
        var number = row.NullableString(7);
        return new Incident(
            row.String(0), row.String(1), row.String(2), 0, [],
            number is null ? null : new TicketRef(row.NullableString(6) ?? string.Empty, number, row.NullableString(8), row.NullableString(9)),
            row.Instant(3), row.Instant(4), row.Boolean(5));
    }
}
