namespace HelpdeskBot.Tickets.Dispatching;

/// <summary>
/// Marks the current async flow as a background dispatcher's work (the outbox, the deliveries, the diagnoses): no
/// HTTP request waits on it. Storage lets such writes yield to a request's writes when both wait for SQLite's one
/// write turn, so a burst of background work does not sit in front of the answers users wait for; among the
/// dispatchers, the deliveries' writes go first (<see cref="WriteUrgency"/>). The mark flows into everything the
/// marked method starts and ends with it, as <see cref="System.Diagnostics.Activity.Current"/> does.
/// </summary>
public static class BackgroundWork
{
    // Flow state, not shared state: each async flow sees its own value (https://learn.microsoft.com/dotnet/api/system.threading.asynclocal-1).
    private static readonly AsyncLocal<WriteUrgency> Marked = new();

    /// <summary>Who waits for the writes of the current flow (<see cref="WriteUrgency.Request"/> outside a dispatcher).</summary>
    public static WriteUrgency Urgency => Marked.Value;

    /// <summary>Marks the rest of the calling async method, and the work it starts, as background work nobody waits for directly.</summary>
    public static void Enter() => Marked.Value = WriteUrgency.Background;

    /// <summary>Marks the rest of the calling async method, and the work it starts, as the deliveries' background work (cards users wait for).</summary>
    public static void EnterDelivery() => Marked.Value = WriteUrgency.Delivery;
}
