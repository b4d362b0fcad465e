using System.Security.Cryptography;
using System.Text.Json;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Conversations.Delivery;

/// <summary>
/// What this instance last put on each live card's activity, for a short while: a card changed while its send was on
/// its way is claimed once more (<see cref="DeliveryEntry.RunAgain"/>), and when that send had already shown the change
/// (the dispatcher renders again just before sending) the second send would update the activity with what it already
/// shows. Under a burst that is a report's acknowledgement and its diagnosis: one send instead of two, and the tenant's
/// pacing (50 per second, the acknowledgements' limit under load) is spent on cards that say something new.
/// </summary>
/// <remarks>
/// Only an update in place of the same activity with the same content is skipped; a card this instance has not sent
/// within <see cref="Retention"/>, or sent elsewhere, is sent as before. Another instance may have updated the card in
/// between only if it claimed the row meanwhile, and then the card shows a later state, which renders differently: a
/// live card's content moves forward (a case's step, an incident's count and status), it does not return to an earlier one.
/// </remarks>
internal sealed class ShownCards(TimeProvider time)
{
    /// <summary>How long a sent card's content is remembered (30 s): the card's next claim comes right after its send.</summary>
    internal static readonly TimeSpan Retention = TimeSpan.FromSeconds(30);

    /// <summary>Cards remembered at most (10,000, about 3 MB): past it the oldest go first.</summary>
    internal const int Capacity = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Shown> _shown = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, Shown Shown)> _order = new();

    /// <summary>The card <paramref name="kind"/>/<paramref name="subjectId"/> was sent with content <paramref name="digest"/> (<see cref="Digest"/>, taken before the send) and now shows it on <paramref name="activityId"/>.</summary>
    public void Sent(string kind, string subjectId, string activityId, byte[] digest)
    {
        var shown = new Shown(activityId, digest, time.GetUtcNow());
        var key = kind + "|" + subjectId;
        lock (_gate)
        {
            _shown[key] = shown;
            _order.Enqueue((key, shown));
            while (_order.Count > Capacity || (_order.TryPeek(out var oldest) && oldest.Shown.At + Retention < shown.At))
            {
                var (k, s) = _order.Dequeue();
                if (_shown.TryGetValue(k, out var current) && ReferenceEquals(current, s))
                {
                    _shown.Remove(k);
                }
            }
        }
    }

    /// <summary>Whether <paramref name="delivery"/> would update its activity with exactly what this instance put there last, within <see cref="Retention"/>.</summary>
    public bool AlreadyShows(string kind, string subjectId, PreparedDelivery delivery)
    {
        if (delivery.ExistingActivityId is not { } activityId)
        {
            return false; // a new activity (or a thread to start): always sent
        }

        Shown? shown;
        lock (_gate)
        {
            shown = _shown.GetValueOrDefault(kind + "|" + subjectId);
        }

        return shown is not null
            && shown.ActivityId == activityId
            && shown.At + Retention >= time.GetUtcNow()
            && shown.Digest.AsSpan().SequenceEqual(Digest(delivery.Activity));
    }

    /// <summary>SHA-256 of the activity as rendered (its JSON), taken before the sender fills in its addressing: equal content, equal digest.</summary>
    public static byte[] Digest(Activity activity) =>
        SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(activity, ProtocolJsonContext.Default.Activity));

    private sealed record Shown(string ActivityId, byte[] Digest, DateTimeOffset At);
}
