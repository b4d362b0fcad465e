using System.Globalization;
using HelpdeskBot.Storage.RateLimiting;
using HelpdeskBot.Storage.Schema;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage.Sql;

/// <summary>
/// One INSERT … ON CONFLICT DO UPDATE … WHERE hits &lt; limit RETURNING per acquisition. SQLite runs it under its
/// single write lock; PostgreSQL locks the conflicting row while its count is checked and bumped. Either way
/// instances sharing the database never admit more than the limit. Several keys are taken in one transaction
/// (one write turn on SQLite), all or none.
/// </summary>
internal sealed class RateLimitStore(StorageDatabase database, ILogger<RateLimitStore> logger) : IRateLimitStore
{
    private readonly PurgeSchedule _purge = new();

    public async Task<RateLimitDecision> TryAcquireAsync(string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        RateLimitWindow.Validate(key, limit);
        var current = RateLimitWindow.Containing(now, window);
        if (limit == 0)
        {
            return new RateLimitDecision(false, 0, 0, current.EndsAt);
        }

        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await PurgeIfDueAsync(session, now, cancellationToken).ConfigureAwait(false);
            return await AcquireAsync(session, key, limit, current, cancellationToken).ConfigureAwait(false) is { } hits
                ? new RateLimitDecision(true, hits, limit, current.EndsAt)
                : new RateLimitDecision(false, limit, limit, current.EndsAt);
        }
    }

    public async Task<int?> TryAcquireAllAsync(IReadOnlyList<RateLimitKey> keys, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var current = RateLimitWindow.Containing(now, window);
        for (var i = 0; i < keys.Count; i++)
        {
            RateLimitWindow.Validate(keys[i].Key, keys[i].Limit);
            if (keys[i].Limit == 0)
            {
                return i;
            }
        }

        if (keys.Count == 0)
        {
            return null;
        }

        var session = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            for (var i = 0; i < keys.Count; i++)
            {
                if (await AcquireAsync(session, keys[i].Key, keys[i].Limit, current, cancellationToken).ConfigureAwait(false) is null)
                {
                    // All or none: the keys counted before this one are not counted either.
                    await session.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return i;
                }
            }

            // Only in a transaction that commits: a purge rolled back with a refusal would be logged as done and not be
            // due again for another PurgeSchedule.Interval acquisitions.
            await PurgeIfDueAsync(session, now, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private async Task PurgeIfDueAsync(StoreSession session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_purge.IsDue())
        {
            await using var purge = session.Command("DELETE FROM rate_limits WHERE expires_at <= @now;").With("now", DbTime.ToMicros(now));
            var purged = await purge.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            Log.RateLimitsPurged(logger, purged);
        }
    }

    /// <summary>The count after this acquisition, or null when the key has reached its limit (nothing counted).</summary>
    private static async Task<int?> AcquireAsync(StoreSession session, string key, int limit, RateLimitWindow current, CancellationToken cancellationToken)
    {
        await using var command = session.Command(
            "INSERT INTO rate_limits (limit_key, window_start, hits, expires_at) VALUES (@key, @start, 1, @end) " +
            "ON CONFLICT (limit_key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 WHERE rate_limits.hits < @limit " +
            "RETURNING hits;")
            .With("key", key).With("start", current.StartMicros).With("end", current.EndMicros).With("limit", limit);
        return await command.ScalarAsync(cancellationToken).ConfigureAwait(false) is { } hits
            ? Convert.ToInt32(hits, CultureInfo.InvariantCulture)
            : null;
    }
}
