using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Conversations.Delivery;

/// <summary>
/// Durable deliveries to Teams conversations: every send or card update outside the HTTP turn is a row in the
/// store, claimed by one instance, paced within Teams' limits (per thread and per app per tenant), retried with
/// back-off honouring <c>Retry-After</c>, and so survives connector outages and restarts. Callers never wait on a
/// connector retry.
/// </summary>
/// <remarks>CONTRACT between the case flow, the help-desk channel (callers) and the delivery dispatcher.</remarks>
internal interface IDeliveryQueue
{
    /// <summary>
    /// Makes sure the latest rendering of a live card reaches its conversation: updated in place when it was sent
    /// before, else sent anew. Coalesces: calls made while a delivery of the same card is pending (or in flight)
    /// end in one more send at most, of the state at send time. <paramref name="notBefore"/> debounces.
    /// </summary>
    Task EnqueueCardAsync(LiveCard card, DateTimeOffset? notBefore, CancellationToken cancellationToken);

    /// <summary>A one-off message, sent exactly once per <paramref name="key"/>: a second call with the same key does nothing.</summary>
    Task EnqueueMessageAsync(string key, ConversationReference conversation, Activity activity, CancellationToken cancellationToken) =>
        EnqueueMessageAsync(key, conversation, activity, null, cancellationToken);

    /// <summary>
    /// A one-off message as above that says something which may stop being true before it goes out
    /// (<paramref name="claim"/>, checked when it is due): a claim no longer true completes it without a send.
    /// </summary>
    /// <returns>True when this call queued it; false when its key was queued before.</returns>
    Task<bool> EnqueueMessageAsync(string key, ConversationReference conversation, Activity activity, MessageClaim? claim, CancellationToken cancellationToken);

    /// <summary>
    /// A one-off message under a live card (a reminder in an incident's thread), sent exactly once per
    /// <paramref name="key"/> into wherever <paramref name="card"/> lives when it goes out: it follows the card to a
    /// new thread or channel when Teams says the old one is gone (<see cref="ILiveCardSource.PlaceMessageAsync"/>).
    /// </summary>
    Task EnqueueThreadMessageAsync(string key, LiveCard card, Activity activity, CancellationToken cancellationToken) =>
        EnqueueThreadMessageAsync(key, card, activity, null, cancellationToken);

    /// <summary>A message under a live card as above, with a <paramref name="claim"/> checked when it is due (a reminder: "nobody has taken it").</summary>
    Task EnqueueThreadMessageAsync(string key, LiveCard card, Activity activity, MessageClaim? claim, CancellationToken cancellationToken);
}

/// <summary>
/// What a one-off message claims that may stop being true while it waits (a "fixed" message: resolution
/// <paramref name="Generation"/> of incident <paramref name="SubjectId"/>), checked at send time by the
/// <see cref="IMessageClaimSource"/> of <paramref name="Kind"/>.
/// </summary>
internal sealed record MessageClaim(string Kind, string SubjectId, int Generation);

/// <summary>Tells whether one kind of <see cref="MessageClaim"/> still holds, when its message is due.</summary>
internal interface IMessageClaimSource
{
    string Kind { get; }

    /// <summary>False: the message would claim something no longer so, and is completed without a send.</summary>
    Task<bool> HoldsAsync(MessageClaim claim, CancellationToken cancellationToken);
}

/// <summary>A card whose content is rendered at send time by the <see cref="ILiveCardSource"/> of <paramref name="Kind"/>.</summary>
/// <param name="Kind">The source, e.g. <c>case</c> (a reporter's case card) or <c>incident</c> (the help-desk channel card).</param>
/// <param name="SubjectId">The case or incident id.</param>
internal readonly record struct LiveCard(string Kind, string SubjectId);

/// <summary>Renders one kind of live card when it is due and records where it was shown.</summary>
internal interface ILiveCardSource
{
    string Kind { get; }

    /// <summary>What to send now, or null when there is nothing to show any more.</summary>
    Task<LiveCardContent?> RenderAsync(string subjectId, CancellationToken cancellationToken);

    /// <summary>Called after a send created a new activity (first send, or the old one could not be updated).</summary>
    Task CardSentAsync(string subjectId, SentCard sent, CancellationToken cancellationToken);

    /// <summary>
    /// The connector answered that <paramref name="conversationId"/> does not exist (404, 410: a deleted thread or
    /// channel). The source may move the card elsewhere (a new thread, another channel): true sends it again at once,
    /// rendered anew; false parks the delivery, as for any conversation that refuses it for good.
    /// </summary>
    Task<bool> ConversationGoneAsync(string subjectId, string conversationId, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>
    /// Where a message under the card goes now: the card's thread; or nowhere yet because the card's next send starts
    /// a thread (<see cref="MessagePlace.AwaitsCard"/>: the message waits for it, so a thread is started one way only);
    /// or nowhere at all (the message is parked, and nothing says it was delivered).
    /// </summary>
    Task<MessagePlace> PlaceMessageAsync(string subjectId, CancellationToken cancellationToken) => Task.FromResult(MessagePlace.Nowhere);
}

/// <param name="Conversation">The card's thread, or null when the message cannot go out now.</param>
/// <param name="AwaitsCard">No thread yet, but the card's next send starts one: the message waits for it.</param>
internal sealed record MessagePlace(ConversationReference? Conversation, bool AwaitsCard)
{
    public static readonly MessagePlace Nowhere = new(null, false);

    public static readonly MessagePlace AfterCard = new(null, true);
}

/// <param name="Conversation">Where the card lives (for a channel: the channel's conversation before a thread exists).</param>
/// <param name="Activity">The message carrying the card.</param>
/// <param name="ExistingActivityId">The activity showing the card now (updated in place), or null to send anew.</param>
/// <param name="StartsThread">
/// Sent anew, the card starts a new thread in a Teams channel (<c>POST /v3/conversations</c> with <c>isGroup</c> and
/// the channel id) instead of posting into <see cref="ConversationReference.ConversationId"/>.
/// </param>
internal sealed record LiveCardContent(ConversationReference Conversation, Activity Activity, string? ExistingActivityId, bool StartsThread = false);

/// <param name="ConversationId">The conversation (or the new thread) the card was sent to.</param>
/// <param name="ActivityId">The new activity's id.</param>
internal sealed record SentCard(string ConversationId, string ActivityId);
