using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Storage.Sql;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>The SQLite claim: due rows are read and leased inside one BEGIN IMMEDIATE transaction (one writer at a time).</summary>
internal sealed class SqliteDeliveryStore(SqliteDatabase database) : DeliveryStore(database)
{
    protected override async Task<List<DeliveryEntry>> ClaimDueAsync(StoreSession session, string owner, int max, DateTimeOffset expires, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await session.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        List<long> due;
        await using (var select = session.Command($"SELECT id FROM deliveries WHERE {DueCondition} ORDER BY next_attempt_at, id LIMIT @max;")
            .With("now", now).With("max", max))
        {
            due = await select.ReadAsync(r => r.Int64(0), cancellationToken).ConfigureAwait(false);
        }

        if (due.Count == 0)
        {
            await session.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return [];
        }

        await using var claim = session.Command(
            "UPDATE deliveries SET state = 'in_progress', lease_owner = @owner, lease_expires_at = @expires, updated_at = @now " +
            $"WHERE id IN ({string.Join(", ", due)}) RETURNING {Columns()};")
            .With("owner", owner).With("expires", expires).With("now", now);
        var claimed = await claim.ReadAsync(Read, cancellationToken).ConfigureAwait(false);
        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        return claimed;
    }
}
