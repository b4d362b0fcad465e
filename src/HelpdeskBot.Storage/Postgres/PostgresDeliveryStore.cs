using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Storage.Sql;

namespace HelpdeskBot.Storage.Postgres;

/// <summary>The PostgreSQL claim: one statement locks due rows with FOR UPDATE SKIP LOCKED and leases them.</summary>
internal sealed class PostgresDeliveryStore(PostgresDatabase database) : DeliveryStore(database)
{
    protected override async Task<List<DeliveryEntry>> ClaimDueAsync(StoreSession session, string owner, int max, DateTimeOffset expires, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var claim = session.Command(
            $"WITH due AS (SELECT id FROM deliveries WHERE {DueCondition} ORDER BY next_attempt_at, id LIMIT @max FOR UPDATE SKIP LOCKED) " +
            "UPDATE deliveries d SET state = 'in_progress', lease_owner = @owner, lease_expires_at = @expires, updated_at = @now " +
            $"FROM due WHERE d.id = due.id RETURNING {Columns("d.")};")
            .With("now", now).With("max", max).With("owner", owner).With("expires", expires);
        return await claim.ReadAsync(Read, cancellationToken).ConfigureAwait(false);
    }
}
