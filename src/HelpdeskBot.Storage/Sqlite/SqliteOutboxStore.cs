using HelpdeskBot.Storage.Sql;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>
/// The SQLite claim. SQLite has one writer at a time, so reading the due rows and leasing them inside one
/// BEGIN IMMEDIATE transaction can never hand a row to two owners, across threads or processes on the same file.
/// (SQLite's RETURNING cannot name the rows' previous owner, hence two statements.)
/// </summary>
internal sealed class SqliteOutboxStore(SqliteDatabase database, ILogger<SqliteOutboxStore> logger) : OutboxStore(database, logger)
{
    protected override async Task<List<(OutboxEntry Entry, string? PreviousOwner)>> ClaimDueAsync(
        StoreSession session, string owner, int max, DateTimeOffset expires, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await session.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        Dictionary<long, string?> previousOwners;
        await using (var due = session.Command($"SELECT id, lease_owner FROM outbox WHERE {DueCondition} ORDER BY next_attempt_at, id LIMIT @max;")
            .With("now", now).With("max", max))
        {
            previousOwners = (await due.ReadAsync(r => (Id: r.Int64(0), Owner: r.NullableString(1)), cancellationToken).ConfigureAwait(false))
                .ToDictionary(r => r.Id, r => r.Owner);
        }

        if (previousOwners.Count == 0)
        {
            await session.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return [];
        }

        await using var claim = session.Command(
            $"UPDATE outbox SET state = 'in_progress', lease_owner = @owner, lease_expires_at = @expires, updated_at = @now " +
            $"WHERE id IN ({string.Join(", ", previousOwners.Keys)}) RETURNING {Columns(session.Dialect)};")
            .With("owner", owner).With("expires", expires).With("now", now);
        var claimed = await claim.ReadAsync(Read, cancellationToken).ConfigureAwait(false);
        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        return claimed.Select(e => (e, previousOwners[e.Id])).ToList();
    }
}
