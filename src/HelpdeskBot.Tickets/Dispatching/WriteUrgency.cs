namespace HelpdeskBot.Tickets.Dispatching;

/// <summary>
/// Who waits for a write, most urgent first: orders the writers queued for SQLite's one write turn (Storage's
/// SqliteWriteTurn), each kind still getting a share of the turns while more urgent ones keep coming.
/// </summary>
public enum WriteUrgency
{
    /// <summary>An HTTP request waits for it (the default: any flow not marked by <see cref="BackgroundWork"/>).</summary>
    Request,

    /// <summary>
    /// A user waits for the card it brings: the delivery dispatcher's claims and outcomes. The acknowledgement of a
    /// report is such a card, and its claim queued behind every diagnosis, rate-limit and outbox write otherwise.
    /// </summary>
    Delivery,

    /// <summary>Nobody waits on it directly: the diagnosis and ticket outbox dispatchers.</summary>
    Background,
}
