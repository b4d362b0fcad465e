using System.Globalization;
using HelpdeskBot.Storage.RateLimiting;
using HelpdeskBot.Storage.Schema;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage.Sql;

/// <summary>
/// One INSERT … ON CONFLICT DO UPDATE … WHERE hits &lt; limit RETURNING per acquisition. SQLite runs it under its
/// single write lock; PostgreSQL locks the conflicting row while its count is checked and bumped. Either way
/// instances sharing the database never admit more than the limit.
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
            if (_purge.IsDue())
            {
                await using var purge = session.Command("DELETE FROM rate_limits WHERE expires_at <= @now;").With("now", DbTime.ToMicros(now));
                var purged = await purge.ExecuteAsync(cancellationToken).ConfigureAwait(false);
                Log.RateLimitsPurged(logger, purged);
            }

            await using var command = session.Command(
                "INSERT INTO rate_limits (limit_key, window_start, hits, expires_at) VALUES (@key, @start, 1, @end) " +
                "ON CONFLICT (limit_key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 WHERE rate_limits.hits < @limit " +
                "RETURNING hits;")
                .With("key", key).With("start", current.StartMicros).With("end", current.EndMicros).With("limit", limit);
            return await command.ScalarAsync(cancellationToken).ConfigureAwait(false) is { } hits
                ? new RateLimitDecision(true, Convert.ToInt32(hits, CultureInfo.InvariantCulture), limit, current.EndsAt)
                : new RateLimitDecision(false, limit, limit, current.EndsAt);
        }
    }
}
