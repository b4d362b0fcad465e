using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Storage.Schema;

namespace HelpdeskBot.Storage.Sql;

/// <summary>
/// Durable deliveries on either engine. Enqueueing a live card is one upsert whose conflict branch does the
/// coalescing (one row per card; an enqueue while it is in flight sets run_again); completion, rescheduling and
/// parking are conditional on still holding the lease, as in the outbox. Each engine claims its own way.
/// </summary>
internal abstract class DeliveryStore(StorageDatabase database) : IDeliveryStore
{
    private const string ColumnList =
        "id, kind, subject_id, payload, state, attempts, run_again, created_at, next_attempt_at, lease_owner, lease_expires_at, last_error";

    /// <summary>Rows a claim may take: due pending rows and rows whose lease expired.</summary>
    protected const string DueCondition = "(state = 'pending' AND next_attempt_at <= @now) OR (state = 'in_progress' AND lease_expires_at <= @now)";

    /// <summary>The columns <see cref="Read"/> maps, each prefixed with <paramref name="alias"/> (e.g. "d.").</summary>
    protected static string Columns(string alias = "") => string.Join(", ", ColumnList.Split(", ").Select(c => alias + c));

    public async Task EnqueueCardAsync(string kind, string subjectId, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ValidateCard(kind, subjectId);
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await EnqueueCardAsync(session, kind, subjectId, dueAt, now, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The live card's row written on <paramref name="session"/> (in its transaction, when one is open: a case's card with the case).</summary>
    internal static async Task EnqueueCardAsync(StoreSession session, string kind, string subjectId, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ValidateCard(kind, subjectId);
        var earlier = session.Dialect.Least("deliveries.next_attempt_at", "excluded.next_attempt_at");
        // Every right-hand side reads the row as it was before this statement.
        await using var upsert = session.Command(
            "INSERT INTO deliveries (kind, subject_id, payload, state, run_again, attempts, created_at, next_attempt_at, updated_at) " +
            "VALUES (@kind, @subject, NULL, 'pending', 0, 0, @now, @due, @now) " +
            "ON CONFLICT (kind, subject_id) DO UPDATE SET " +
            // In flight: once more after this send. Waiting: still one row.
            "run_again = CASE WHEN deliveries.state = 'in_progress' THEN 1 ELSE 0 END, " +
            "next_attempt_at = CASE " +
            // Backing off after a failure (or paced): the retry renders the latest state anyway.
            "  WHEN deliveries.state = 'pending' AND deliveries.attempts > 0 THEN deliveries.next_attempt_at " +
            $"  WHEN deliveries.state = 'pending' OR (deliveries.state = 'in_progress' AND deliveries.run_again = 1) THEN {earlier} " +
            "  ELSE excluded.next_attempt_at END, " +
            "state = CASE WHEN deliveries.state = 'in_progress' THEN 'in_progress' ELSE 'pending' END, " +
            // A parked card gets a fresh start: its content changed.
            "attempts = CASE WHEN deliveries.state = 'parked' THEN 0 ELSE deliveries.attempts END, " +
            "created_at = CASE WHEN deliveries.state = 'parked' THEN excluded.created_at ELSE deliveries.created_at END, " +
            "updated_at = excluded.updated_at;")
            .With("kind", kind).With("subject", subjectId).With("now", now).With("due", dueAt < now ? now : dueAt);
        await upsert.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void ValidateCard(string kind, string subjectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        if (kind == DeliveryEntry.MessageKind)
        {
            throw new ArgumentException($"'{kind}' is the kind of one-off messages, not of a live card.", nameof(kind));
        }
    }

    public async Task<bool> EnqueueMessageAsync(string key, string payloadJson, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(payloadJson);
        return await ExecuteAsync(
            "INSERT INTO deliveries (kind, subject_id, payload, state, run_again, attempts, created_at, next_attempt_at, updated_at) " +
            $"VALUES ('{DeliveryEntry.MessageKind}', @key, @payload, 'pending', 0, 0, @now, @now, @now) ON CONFLICT (kind, subject_id) DO NOTHING;",
            command => command.With("key", key).With("payload", payloadJson).With("now", now),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeliveryEntry>> ClaimAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        if (max <= 0)
        {
            return [];
        }

        // Woken for work a claim already took (every enqueue and every finished send wakes the dispatcher): looked
        // for first where a claim would wait for the write turn (SQLite), so an empty claim costs no write. A row that
        // becomes due after this read wakes the dispatcher again once it is written.
        if (database.WritersTakeTurns
            && !await database.AnyAsync($"SELECT 1 FROM deliveries WHERE {DueCondition} LIMIT 1;", c => c.With("now", now), cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        List<DeliveryEntry> claimed;
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            claimed = await ClaimDueAsync(session, owner, max, now + lease, now, cancellationToken).ConfigureAwait(false);
        }

        claimed.Sort((a, b) => a.NextAttemptAt != b.NextAttemptAt ? a.NextAttemptAt.CompareTo(b.NextAttemptAt) : a.Id.CompareTo(b.Id));
        return claimed;
    }

    /// <summary>Leases up to <paramref name="max"/> due rows to <paramref name="owner"/> until <paramref name="expires"/>; no row goes to two claimers at once.</summary>
    protected abstract Task<List<DeliveryEntry>> ClaimDueAsync(StoreSession session, string owner, int max, DateTimeOffset expires, DateTimeOffset now, CancellationToken cancellationToken);

    public async Task<IReadOnlySet<long>> CompleteAsync(IReadOnlyCollection<long> ids, string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var completed = new HashSet<long>();
        if (ids.Count == 0)
        {
            return completed;
        }

        // Ids are numbers (never text from outside), so the list is written into the statement as the claim does.
        var list = string.Join(", ", ids);
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.BeginWriteAsync(cancellationToken).ConfigureAwait(false);

            // A live card nobody asked for again is done: its row goes, so the next change inserts a fresh one.
            await using (var delete = session.Command(
                $"DELETE FROM deliveries WHERE id IN ({list}) AND state = 'in_progress' AND lease_owner = @owner AND run_again = 0 " +
                $"AND kind <> '{DeliveryEntry.MessageKind}' RETURNING id;")
                .With("owner", owner))
            {
                completed.UnionWith(await delete.ReadAsync(r => r.Int64(0), cancellationToken).ConfigureAwait(false));
            }

            // A message is kept as sent (its key stays taken); a card asked for again waits for its next send,
            // due when that enqueue asked (kept in next_attempt_at). The rows deleted above no longer match.
            await using (var update = session.Command(
                $"UPDATE deliveries SET state = CASE WHEN kind = '{DeliveryEntry.MessageKind}' THEN 'sent' ELSE 'pending' END, " +
                $"attempts = CASE WHEN kind = '{DeliveryEntry.MessageKind}' THEN attempts + 1 ELSE 0 END, run_again = 0, " +
                "lease_owner = NULL, lease_expires_at = NULL, last_error = NULL, updated_at = @now " +
                $"WHERE id IN ({list}) AND state = 'in_progress' AND lease_owner = @owner RETURNING id;")
                .With("owner", owner).With("now", now))
            {
                completed.UnionWith(await update.ReadAsync(r => r.Int64(0), cancellationToken).ConfigureAwait(false));
            }

            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return completed;
    }

    public async Task<bool> RescheduleAsync(long id, string owner, DateTimeOffset nextAttemptAt, bool countAttempt, string? error, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE deliveries SET state = 'pending', run_again = 0, attempts = attempts + @count, lease_owner = NULL, lease_expires_at = NULL, " +
            "next_attempt_at = @next, last_error = COALESCE(@error, last_error), updated_at = @now " +
            "WHERE id = @id AND state = 'in_progress' AND lease_owner = @owner;",
            command => command.With("id", id).With("owner", owner).With("now", now).With("next", nextAttemptAt)
                .With("count", countAttempt ? 1 : 0).With("error", error is null ? null : OutboxPayload.TrimError(error)),
            cancellationToken).ConfigureAwait(false);

    public async Task<bool> ParkAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return await ExecuteAsync(
            "UPDATE deliveries SET state = 'parked', run_again = 0, attempts = attempts + 1, lease_owner = NULL, lease_expires_at = NULL, " +
            "last_error = @error, updated_at = @now WHERE id = @id AND state = 'in_progress' AND lease_owner = @owner;",
            command => command.With("id", id).With("owner", owner).With("now", now).With("error", OutboxPayload.TrimError(error)),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeliveryEntry?> FindAsync(string kind, string subjectId, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command($"SELECT {Columns()} FROM deliveries WHERE kind = @kind AND subject_id = @subject;")
                .With("kind", kind).With("subject", subjectId);
            return await command.ReadFirstAsync(Read, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<int> PurgeSentAsync(DateTimeOffset sentBefore, CancellationToken cancellationToken)
    {
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // A sent row's next_attempt_at is when its last attempt was due, at or before its sending: the range on
            // ix_deliveries_due (state, next_attempt_at) finds the candidates, updated_at (when it was sent) decides.
            await using var purge = session.Command("DELETE FROM deliveries WHERE state = 'sent' AND next_attempt_at < @before AND updated_at < @before;")
                .With("before", sentBefore);
            return await purge.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyDictionary<DeliveryState, int>> CountByStateAsync(CancellationToken cancellationToken) =>
        database.CountByStateAsync("deliveries", StateFromDb, cancellationToken);

    private Task<bool> ExecuteAsync(string sql, Action<StoreCommand> bind, CancellationToken cancellationToken) =>
        database.ExecuteOneAsync(sql, bind, cancellationToken);

    /// <summary>Maps the columns of <see cref="Columns"/>, in order.</summary>
    protected static DeliveryEntry Read(StoreRow row) => new(
        row.Int64(0),
        row.String(1),
        row.String(2),
        row.NullableString(3),
        StateFromDb(row.String(4)),
        row.Int32(5),
        row.Int32(6) != 0,
        row.Instant(7),
        row.Instant(8),
        row.NullableString(9),
        row.NullableInstant(10),
        row.NullableString(11));

    private static DeliveryState StateFromDb(string value) => value switch
    {
        "pending" => DeliveryState.Pending,
        "in_progress" => DeliveryState.InProgress,
        "sent" => DeliveryState.Sent,
        "parked" => DeliveryState.Parked,
        _ => throw new InvalidOperationException($"Unknown delivery state '{value}' in the database."),
    };
}
