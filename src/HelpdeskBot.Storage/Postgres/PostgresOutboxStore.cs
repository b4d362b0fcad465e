using HelpdeskBot.Storage.Sql;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage.Postgres;

/// <summary>
/// The PostgreSQL claim: one statement locks due rows with FOR UPDATE SKIP LOCKED (concurrent claimers take
/// disjoint rows without waiting on each other) and leases them; a lease that expires makes the row due again,
/// so a dead instance's work is taken over.
/// </summary>
internal sealed class PostgresOutboxStore(PostgresDatabase database, ILogger<PostgresOutboxStore> logger) : OutboxStore(database, logger)
{
    protected override async Task<List<(OutboxEntry Entry, string? PreviousOwner)>> ClaimDueAsync(
        StoreSession session, string owner, int max, DateTimeOffset expires, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Pick due rows nobody else is claiming, lease them, return them with who held them before.
        await using var claim = session.Command(
            $"WITH due AS (SELECT id, lease_owner AS previous_owner FROM outbox WHERE {DueCondition} " +
            "  ORDER BY next_attempt_at, id LIMIT @max FOR UPDATE SKIP LOCKED) " +
            "UPDATE outbox o SET state = 'in_progress', lease_owner = @owner, lease_expires_at = @expires, updated_at = @now " +
            $"FROM due WHERE o.id = due.id RETURNING {Columns(session.Dialect, "o.")}, due.previous_owner;")
            .With("now", now).With("max", max).With("owner", owner).With("expires", expires);
        return await claim.ReadAsync(r => (Read(r), r.NullableString(14)), cancellationToken).ConfigureAwait(false);
    }
}
