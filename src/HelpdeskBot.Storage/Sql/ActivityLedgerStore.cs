using System.Globalization;
using HelpdeskBot.Protocol.Idempotency;
using HelpdeskBot.Storage.Schema;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage.Sql;

/// <summary>
/// The activity ledger as one table shared by every instance. A claim is one INSERT … ON CONFLICT DO UPDATE …
/// WHERE (expired, or unanswered past the lease) RETURNING: SQLite runs it under its single write lock, PostgreSQL
/// locks the conflicting row, so two deliveries racing on two instances never both win. Completing and releasing
/// name the claim, so a late first delivery cannot overwrite a turn taken over from it.
/// </summary>
internal sealed class ActivityLedgerStore(StorageDatabase database, ILogger<ActivityLedgerStore> logger) : IActivityLedger
{
    private readonly PurgeSchedule _purge = new();

    public async Task<ActivityLedgerEntry?> TryClaimAsync(ActivityKey key, string claim, DateTimeOffset now, DateTimeOffset staleBefore, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(claim);
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            if (_purge.IsDue())
            {
                await using var purge = session.Command("DELETE FROM activity_ledger WHERE expires_at <= @now;").With("now", now);
                var purged = await purge.ExecuteAsync(cancellationToken).ConfigureAwait(false);
                Log.ActivityLedgerPurged(logger, purged);
            }

            await using (var insert = session.Command(
                "INSERT INTO activity_ledger (activity_key, claim, claimed_at, answer_status, answer_body, expires_at) VALUES (@key, @claim, @now, NULL, NULL, @expires) " +
                "ON CONFLICT (activity_key) DO UPDATE SET claim = excluded.claim, claimed_at = excluded.claimed_at, answer_status = NULL, answer_body = NULL, expires_at = excluded.expires_at " +
                "WHERE activity_ledger.expires_at <= @now OR (activity_ledger.answer_status IS NULL AND activity_ledger.claimed_at <= @stale) " +
                "RETURNING claim;")
                .With("key", key.Hash).With("claim", claim).With("now", now).With("expires", expiresAt).With("stale", staleBefore))
            {
                if (await insert.ScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                {
                    return null;
                }
            }

            await using var read = session.Command("SELECT answer_status, answer_body, claimed_at FROM activity_ledger WHERE activity_key = @key;").With("key", key.Hash);
            var held = await read.ReadFirstAsync(Entry, cancellationToken).ConfigureAwait(false);
            // Gone between the two statements (its claim was released): the caller tries again and will win.
            return held ?? new ActivityLedgerEntry(null, now);
        }
    }

    public async Task CompleteAsync(ActivityKey key, string claim, ActivityAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(answer);
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("UPDATE activity_ledger SET answer_status = @status, answer_body = @body WHERE activity_key = @key AND claim = @claim;")
                .With("status", answer.Status).With("body", answer.Body).With("key", key.Hash).With("claim", claim);
            await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ReleaseAsync(ActivityKey key, string claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("DELETE FROM activity_ledger WHERE activity_key = @key AND claim = @claim AND answer_status IS NULL;")
                .With("key", key.Hash).With("claim", claim);
            await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static ActivityLedgerEntry Entry(StoreRow row) =>
        new(row.IsNull(0) ? null : new ActivityAnswer(row.Int32(0), row.NullableString(1)), row.Instant(2));

    /// <summary>Rows in the table (for tests of the purge).</summary>
    internal async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("SELECT COUNT(*) FROM activity_ledger;");
            return Convert.ToInt64(await command.ScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
    }
}
