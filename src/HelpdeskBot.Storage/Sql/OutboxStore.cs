using HelpdeskBot.Storage.Schema;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage.Sql;

/// <summary>
/// The outbox on either engine, shared by every instance's dispatcher. Everything but the claim is the same SQL:
/// completion, rescheduling and parking are conditional on still holding the lease, so an instance whose lease
/// expired (and was taken over) cannot overwrite the new owner's outcome. Each engine claims its own way.
/// </summary>
internal abstract class OutboxStore(StorageDatabase database, ILogger logger) : IOutboxStore
{
    private static readonly string[] ColumnNames =
    [
        "id", "escalation_id", "payload", "state", "attempts", "created_at", "next_attempt_at", "lease_owner", "lease_expires_at", "last_error",
        "ticket_provider", "ticket_number", "ticket_url", "ticket_external_id",
    ];

    /// <summary>The columns <see cref="Read"/> maps, each prefixed with <paramref name="alias"/> (e.g. "o.").</summary>
    protected static string Columns(SqlDialect dialect, string alias = "") =>
        string.Join(", ", ColumnNames.Select(c => c == "payload" ? dialect.JsonAsText(alias + c) : alias + c));

    /// <summary>Adds the escalation inside the session's transaction (if any); false when its EscalationId is already there.</summary>
    internal static async Task<bool> InsertAsync(StoreSession session, EscalationRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        OutboxPayload.Validate(request);
        await using var insert = session.Command(
            "INSERT INTO outbox (escalation_id, case_id, payload, state, attempts, created_at, next_attempt_at, updated_at) " +
            "VALUES (@escalation, @case, @payload, 'pending', 0, @now, @now, @now) ON CONFLICT (escalation_id) DO NOTHING;")
            .With("escalation", request.EscalationId).With("case", request.CaseId)
            .WithJson("payload", OutboxPayload.Serialize(request)).With("now", now);
        return await insert.ExecuteAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> EnqueueAsync(EscalationRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        OutboxPayload.Validate(request);
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await InsertAsync(session, request, now, cancellationToken).ConfigureAwait(false);
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

        List<(OutboxEntry Entry, string? PreviousOwner)> claimed;
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            claimed = await ClaimDueAsync(session, owner, max, now + lease, now, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (entry, previous) in claimed)
        {
            if (!string.IsNullOrEmpty(previous))
            {
                Log.LeaseTakenOver(logger, entry.Id, entry.EscalationId, owner, previous);
            }
        }

        var entries = claimed.Select(c => c.Entry).ToList();
        entries.Sort((a, b) => a.NextAttemptAt != b.NextAttemptAt ? a.NextAttemptAt.CompareTo(b.NextAttemptAt) : a.Id.CompareTo(b.Id));
        return entries;
    }

    /// <summary>
    /// Leases up to <paramref name="max"/> due rows (pending and due, or in progress with an expired lease) to
    /// <paramref name="owner"/> until <paramref name="expires"/>, such that no row goes to two claimers at once;
    /// returns them with the owner whose lease expired, if any.
    /// </summary>
    protected abstract Task<List<(OutboxEntry Entry, string? PreviousOwner)>> ClaimDueAsync(
        StoreSession session, string owner, int max, DateTimeOffset expires, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Rows a claim may take: due pending rows and rows whose lease expired.</summary>
    protected const string DueCondition = "(state = 'pending' AND next_attempt_at <= @now) OR (state = 'in_progress' AND lease_expires_at <= @now)";

    public async Task<bool> CompleteAsync(long id, string owner, TicketRef ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return await ExecuteAsync(
            "UPDATE outbox SET state = 'sent', attempts = attempts + 1, lease_owner = NULL, lease_expires_at = NULL, last_error = NULL, " +
            "ticket_provider = @provider, ticket_number = @number, ticket_url = @url, ticket_external_id = @external, updated_at = @now " +
            "WHERE id = @id AND state = 'in_progress' AND lease_owner = @owner;",
            command => command.With("id", id).With("owner", owner).With("now", now).With("provider", ticket.Provider)
                .With("number", ticket.Number).With("url", ticket.Url).With("external", ticket.ExternalId),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RescheduleAsync(long id, string owner, DateTimeOffset nextAttemptAt, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return await ExecuteAsync(
            "UPDATE outbox SET state = 'pending', attempts = attempts + 1, lease_owner = NULL, lease_expires_at = NULL, " +
            "next_attempt_at = @next, last_error = @error, updated_at = @now " +
            "WHERE id = @id AND state = 'in_progress' AND lease_owner = @owner;",
            command => command.With("id", id).With("owner", owner).With("now", now).With("next", nextAttemptAt)
                .With("error", OutboxPayload.TrimError(error)),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ParkAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return await ExecuteAsync(
            "UPDATE outbox SET state = 'parked', attempts = attempts + 1, lease_owner = NULL, lease_expires_at = NULL, " +
            "last_error = @error, updated_at = @now " +
            "WHERE id = @id AND state = 'in_progress' AND lease_owner = @owner;",
            command => command.With("id", id).With("owner", owner).With("now", now).With("error", OutboxPayload.TrimError(error)),
            cancellationToken).ConfigureAwait(false);
    }

    // A replay starts a new give-up window (created_at is when the current window began): replayed while the ticket
    // system is still down, the row is retried for Tickets:GiveUpAfter again instead of being parked at its first failure.
    public async Task<bool> ReplayAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE outbox SET state = 'pending', created_at = @now, next_attempt_at = @now, updated_at = @now WHERE id = @id AND state = 'parked';",
            command => command.With("id", id).With("now", now),
            cancellationToken).ConfigureAwait(false);

    public async Task<OutboxEntry?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command($"SELECT {Columns(session.Dialect)} FROM outbox WHERE id = @id;").With("id", id);
            return await command.ReadFirstAsync(Read, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<OutboxEntry?> FindByEscalationIdAsync(string escalationId, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command($"SELECT {Columns(session.Dialect)} FROM outbox WHERE escalation_id = @escalation;").With("escalation", escalationId);
            return await command.ReadFirstAsync(Read, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState? state, int max, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command(
                $"SELECT {Columns(session.Dialect)} FROM outbox WHERE (@state IS NULL OR state = @state) ORDER BY id DESC LIMIT @max;")
                .With("state", state is { } s ? OutboxStates.ToDb(s) : null).With("max", Math.Max(0, max));
            return await command.ReadAsync(Read, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyDictionary<OutboxState, int>> CountByStateAsync(CancellationToken cancellationToken) =>
        database.CountByStateAsync("outbox", OutboxStates.FromDb, cancellationToken);

    private Task<bool> ExecuteAsync(string sql, Action<StoreCommand> bind, CancellationToken cancellationToken) =>
        database.ExecuteOneAsync(sql, bind, cancellationToken);

    /// <summary>Maps the columns of <see cref="Columns"/>, in order.</summary>
    protected static OutboxEntry Read(StoreRow row)
    {
        var id = row.Int64(0);
        var ticketNumber = row.NullableString(11);
        return new OutboxEntry(
            id,
            row.String(1),
            OutboxPayload.Deserialize(row.String(2), id),
            OutboxStates.FromDb(row.String(3)),
            row.Int32(4),
            row.Instant(5),
            row.Instant(6),
            row.NullableString(7),
            row.NullableInstant(8),
            row.NullableString(9),
            ticketNumber is null
                ? null
                : new TicketRef(row.NullableString(10) ?? string.Empty, ticketNumber, row.NullableString(12), row.NullableString(13)));
    }
}
