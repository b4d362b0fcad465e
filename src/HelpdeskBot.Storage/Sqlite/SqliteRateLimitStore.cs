using HelpdeskBot.Storage.RateLimiting;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>One UPSERT … RETURNING per acquisition: SQLite runs it under the single write lock, so it is atomic across processes.</summary>
internal sealed class SqliteRateLimitStore(SqliteDatabase database, ILogger<SqliteRateLimitStore> logger) : IRateLimitStore
{
    private readonly RateLimitPurgeSchedule _purge = new();

    public async Task<RateLimitDecision> TryAcquireAsync(string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        RateLimitWindow.Validate(key, limit);
        var current = RateLimitWindow.Containing(now, window);
        if (limit == 0)
        {
            return new RateLimitDecision(false, 0, 0, current.EndsAt);
        }

        var connection = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (_purge.IsDue())
            {
                using var purge = connection.Command("DELETE FROM rate_limits WHERE expires_at <= @now;").With("@now", DbTime.ToMicros(now));
                var purged = await purge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                Log.RateLimitsPurged(logger, purged);
            }

            using var command = connection.Command(
                "INSERT INTO rate_limits (limit_key, window_start, hits, expires_at) VALUES (@key, @start, 1, @end) " +
                "ON CONFLICT (limit_key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 WHERE rate_limits.hits < @limit " +
                "RETURNING hits;")
                .With("@key", key).With("@start", current.StartMicros).With("@end", current.EndMicros).With("@limit", limit);
            var hits = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return hits is null or DBNull
                ? new RateLimitDecision(false, limit, limit, current.EndsAt)
                : new RateLimitDecision(true, Convert.ToInt32(hits, System.Globalization.CultureInfo.InvariantCulture), limit, current.EndsAt);
        }
    }
}
