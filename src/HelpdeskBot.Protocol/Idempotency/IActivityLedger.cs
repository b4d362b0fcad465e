using System.Security.Cryptography;
using System.Text;

namespace HelpdeskBot.Protocol.Idempotency;

/// <summary>
/// Which inbound activities are being or have been handled, and what was answered, shared by every instance
/// that uses the same store: the idempotency ledger behind "a redelivered activity gets the same answer and makes
/// nothing twice". Kept in memory by default; the storage layer replaces it with a table.
/// </summary>
public interface IActivityLedger
{
    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="claim"/> when nobody holds it, its entry has expired, or
    /// its holder has held it unanswered since <paramref name="staleBefore"/> or earlier (that instance died
    /// mid-turn). Returns null when claimed; otherwise the entry as it stands (answered or still in progress).
    /// </summary>
    Task<ActivityLedgerEntry?> TryClaimAsync(ActivityKey key, string claim, DateTimeOffset now, DateTimeOffset staleBefore, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Records the answer of the turn <paramref name="claim"/> holds; a redelivery gets it from now on.</summary>
    Task CompleteAsync(ActivityKey key, string claim, ActivityAnswer answer, CancellationToken cancellationToken);

    /// <summary>Gives an unanswered claim up (the turn failed), so a redelivery is handled afresh.</summary>
    Task ReleaseAsync(ActivityKey key, string claim, CancellationToken cancellationToken);
}

/// <summary>An activity's identity: its id within its conversation.</summary>
public sealed record ActivityKey(string ConversationId, string ActivityId)
{
    /// <summary>
    /// SHA-256 (hex) of both ids, length-prefixed: a fixed-size key for a table index whatever the ids hold, and no
    /// conversation data at rest.
    /// </summary>
    public string Hash { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{ConversationId.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{ConversationId}|{ActivityId}")));
}

/// <summary>What <c>/api/messages</c> answered: HTTP status and body (an invoke response's JSON, or null).</summary>
public sealed record ActivityAnswer(int Status, string? Body);

/// <summary>A ledger entry held by someone else: its answer, or null while that turn is still running.</summary>
public sealed record ActivityLedgerEntry(ActivityAnswer? Answer, DateTimeOffset ClaimedAt);
