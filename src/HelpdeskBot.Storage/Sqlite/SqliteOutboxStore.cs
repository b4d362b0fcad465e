using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>
/// The outbox on SQLite. SQLite has one writer at a time, so a claim (one UPDATE … RETURNING inside
/// BEGIN IMMEDIATE) can never hand a row to two owners, across threads or processes on the same file.
/// </summary>
internal sealed class SqliteOutboxStore(SqliteDatabase database, ILogger<SqliteOutboxStore> logger) : IOutboxStore
{
    private const string Columns =
        "id, escalation_id, payload, state, attempts, created_at, next_attempt_at, lease_owner, lease_expires_at, last_error, " +
        "ticket_provider, ticket_number, ticket_url, ticket_external_id";

    /// <summary>Adds the escalation inside the caller's transaction; false when its EscalationId is already there.</summary>
    internal static async Task<bool> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, EscalationRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        OutboxPayload.Validate(request);
        using var insert = connection.Command(
            "INSERT INTO outbox (escalation_id, case_id, payload, state, attempts, created_at, next_attempt_at, updated_at) " +
            "VALUES (@escalation, @case, @payload, 'pending', 0, @now, @now, @now) ON CONFLICT (escalation_id) DO NOTHING;",
            transaction)
            .With("@escalation", request.EscalationId).With("@case", request.CaseId)
            .With("@payload", OutboxPayload.Serialize(request)).With("@now", now);
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> EnqueueAsync(EscalationRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        OutboxPayload.Validate(request);
        var connection = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = SqliteDatabase.BeginWrite(connection);
            var added = await InsertAsync(connection, transaction, request, now, cancellationToken).ConfigureAwait(false);
            transaction.Commit();
            return added;
        }
    }

    public async Task<IReadOnlyList<OutboxEntry>> ClaimAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        if (max <= 0)
        {
            return [];
        }

        var connection = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = SqliteDatabase.BeginWrite(connection);
            // Who held an expired lease, to log the takeover (read in the same write transaction).
            var previousOwners = new Dictionary<long, string>();
            using (var due = connection.Command(
                "SELECT id, lease_owner FROM outbox " +
                "WHERE (state = 'pending' AND next_attempt_at <= @now) OR (state = 'in_progress' AND lease_expires_at <= @now) " +
                "ORDER BY next_attempt_at, id LIMIT @max;", transaction).With("@now", now).With("@max", max))
            {
                var reader = await due.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        previousOwners[reader.GetInt64(0)] = reader.GetNullableString(1) ?? string.Empty;
                    }
                }
            }

            if (previousOwners.Count == 0)
            {
                transaction.Rollback();
                return [];
            }

            var ids = string.Join(", ", previousOwners.Keys);
            using var claim = connection.Command(
                $"UPDATE outbox SET state = 'in_progress', lease_owner = @owner, lease_expires_at = @expires, updated_at = @now WHERE id IN ({ids}) " +
                $"RETURNING {Columns};", transaction)
                .With("@owner", owner).With("@expires", now + lease).With("@now", now);
            var claimed = await ReadAsync(claim, cancellationToken).ConfigureAwait(false);
            transaction.Commit();

            foreach (var entry in claimed)
            {
                var previous = previousOwners[entry.Id];
                if (previous.Length > 0)
                {
                    Log.LeaseTakenOver(logger, entry.Id, entry.EscalationId, owner, previous);
                }
            }

            claimed.Sort((a, b) => a.NextAttemptAt != b.NextAttemptAt ? a.NextAttemptAt.CompareTo(b.NextAttemptAt) : a.Id.CompareTo(b.Id));
            return claimed;
        }
    }

    public async Task<bool> CompleteAsync(long id, string owner, TicketRef ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return await ExecuteOwnedAsync(
            "UPDATE outbox SET state = 'sent', attempts = attempts + 1, lease_owner = NULL, lease_expires_at = NULL, last_error = NULL, " +
            "ticket_provider = @provider, ticket_number = @number, ticket_url = @url, ticket_external_id = @external, updated_at = @now " +
            "WHERE id = @id AND state = 'in_progress' AND lease_owner = @owner;",
            command => command.With("@id", id).With("@owner", owner).With("@now", now).With("@provider", ticket.Provider)
                .With("@number", ticket.Number).With("@url", ticket.Url).With("@external", ticket.ExternalId),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RescheduleAsync(long id, string owner, DateTimeOffset nextAttemptAt, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return await ExecuteOwnedAsync(
            "UPDATE outbox SET state = 'pending', attempts = attempts + 1, lease_owner = NULL, lease_expires_at = NULL, " +
            "next_attempt_at = @next, last_error = @error, updated_at = @now " +
            "WHERE id = @id AND state = 'in_progress' AND lease_owner = @owner;",
            command => command.With("@id", id).With("@owner", owner).With("@now", now).With("@next", nextAttemptAt)
                .With("@error", OutboxPayload.TrimError(error)),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ParkAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return await ExecuteOwnedAsync(
            "UPDATE outbox SET state = 'parked', attempts = attempts + 1, lease_owner = NULL, lease_expires_at = NULL, " +
            "last_error = @error, updated_at = @now " +
            "WHERE id = @id AND state = 'in_progress' AND lease_owner = @owner;",
            command => command.With("@id", id).With("@owner", owner).With("@now", now).With("@error", OutboxPayload.TrimError(error)),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ReplayAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteOwnedAsync(
            "UPDATE outbox SET state = 'pending', next_attempt_at = @now, updated_at = @now WHERE id = @id AND state = 'parked';",
            command => command.With("@id", id).With("@now", now),
            cancellationToken).ConfigureAwait(false);

    public async Task<OutboxEntry?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command($"SELECT {Columns} FROM outbox WHERE id = @id;").With("@id", id);
            return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        }
    }

    public async Task<OutboxEntry?> FindByEscalationIdAsync(string escalationId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command($"SELECT {Columns} FROM outbox WHERE escalation_id = @escalation;").With("@escalation", escalationId);
            return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        }
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState? state, int max, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command(
                $"SELECT {Columns} FROM outbox WHERE (@state IS NULL OR state = @state) ORDER BY id DESC LIMIT @max;")
                .With("@state", state is { } s ? OutboxStates.ToDb(s) : null).With("@max", Math.Max(0, max));
            return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyDictionary<OutboxState, int>> CountByStateAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var counts = Enum.GetValues<OutboxState>().ToDictionary(s => s, _ => 0);
            using var command = connection.Command("SELECT state, COUNT(*) FROM outbox GROUP BY state;");
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    counts[OutboxStates.FromDb(reader.GetString(0))] = reader.GetInt32(1);
                }
            }

            return counts;
        }
    }

    private async Task<bool> ExecuteOwnedAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        var connection = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command(sql);
            bind(command);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    private static async Task<List<OutboxEntry>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<OutboxEntry>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetInt64(0);
                var ticketNumber = reader.GetNullableString(11);
                entries.Add(new OutboxEntry(
                    id,
                    reader.GetString(1),
                    OutboxPayload.Deserialize(reader.GetString(2), id),
                    OutboxStates.FromDb(reader.GetString(3)),
                    reader.GetInt32(4),
                    reader.GetInstant(5),
                    reader.GetInstant(6),
                    reader.GetNullableString(7),
                    reader.GetNullableInstant(8),
                    reader.GetNullableString(9),
                    ticketNumber is null
                        ? null
                        : new TicketRef(reader.GetNullableString(10) ?? string.Empty, ticketNumber, reader.GetNullableString(12), reader.GetNullableString(13))));
            }
        }

        return entries;
    }
}
