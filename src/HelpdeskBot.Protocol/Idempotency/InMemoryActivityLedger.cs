namespace HelpdeskBot.Protocol.Idempotency;

/// <summary>
/// The ledger of one process (used when no store replaces it): the same rules as the table, expired entries
/// dropped every <see cref="PurgeInterval"/> claims.
/// </summary>
internal sealed class InMemoryActivityLedger : IActivityLedger
{
    private const int PurgeInterval = 1024;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _claims;

    public Task<ActivityLedgerEntry?> TryClaimAsync(ActivityKey key, string claim, DateTimeOffset now, DateTimeOffset staleBefore, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (++_claims % PurgeInterval == 0)
            {
                foreach (var expired in _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
                {
                    _entries.Remove(expired);
                }
            }

            if (_entries.TryGetValue(key.Hash, out var held)
                && held.ExpiresAt > now
                && (held.Answer is not null || held.ClaimedAt > staleBefore))
            {
                return Task.FromResult<ActivityLedgerEntry?>(new ActivityLedgerEntry(held.Answer, held.ClaimedAt));
            }

            _entries[key.Hash] = new Entry(claim, now, null, expiresAt);
            return Task.FromResult<ActivityLedgerEntry?>(null);
        }
    }

    public Task CompleteAsync(ActivityKey key, string claim, ActivityAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_entries.TryGetValue(key.Hash, out var held) && held.Claim == claim)
            {
                _entries[key.Hash] = held with { Answer = answer };
            }
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(ActivityKey key, string claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_entries.TryGetValue(key.Hash, out var held) && held.Claim == claim && held.Answer is null)
            {
                _entries.Remove(key.Hash);
            }
        }

        return Task.CompletedTask;
    }

    private sealed record Entry(string Claim, DateTimeOffset ClaimedAt, ActivityAnswer? Answer, DateTimeOffset ExpiresAt);
}
