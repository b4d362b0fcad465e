using System.Net;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Connector;
using HelpdeskBot.Tickets.Dispatching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.Delivery;

/// <summary>
/// Sends durable deliveries: claims due rows under a lease (up to <see cref="DeliveryOptions.MaxInFlight"/> at a
/// time, claiming more as they finish), renders live cards through their source at send time, books a pacing slot,
/// sends with one connector attempt, and completes the row (together with the sends finished meanwhile,
/// <see cref="DeliveryCompletions"/>); on failure reschedules it with exponential back-off and
/// jitter (never sooner than Retry-After), parks it after <see cref="DeliveryOptions.GiveUpAfter"/> or at once when
/// the conversation refuses it for good. Waits on <see cref="TimeProvider"/> timers and the <see cref="DeliverySignal"/>.
/// </summary>
internal sealed class DeliveryDispatcher : BackgroundService
{
    private readonly IDeliveryStore _store;
    private readonly Dictionary<string, ILiveCardSource> _sources;
    private readonly Dictionary<string, IMessageClaimSource> _claims;
    private readonly DeliverySender _sender;
    private readonly DeliveryPacer _pacer;
    private readonly DeliverySignal _signal;
    private readonly TimeProvider _time;
    private readonly DeliveryOptions _options;
    private readonly ILogger<DeliveryDispatcher> _logger;
    private readonly DeliveryCompletions _completions;
    private readonly ShownCards _shown;
    private int _inFlight;
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    /// <summary>How often sent messages past <see cref="DeliveryOptions.SentRetention"/> are purged (one DELETE).</summary>
    internal static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    /// <summary>Rows this instance is sending now (by id), each with a newer claim of it taken meanwhile (or null).</summary>
    private readonly Dictionary<long, DeliveryEntry?> _running = [];
    private readonly Lock _runningGate = new();

    public DeliveryDispatcher(IDeliveryStore store, IEnumerable<ILiveCardSource> sources, IEnumerable<IMessageClaimSource> claims, DeliverySender sender, DeliveryPacer pacer, DeliverySignal signal, TimeProvider time, IOptions<DeliveryOptions> options, ILogger<DeliveryDispatcher> logger)
    {
        _store = store;
        _sources = new Dictionary<string, ILiveCardSource>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            if (!_sources.TryAdd(source.Kind, source))
            {
                throw new InvalidOperationException($"Two live card sources of kind '{source.Kind}' are registered ({_sources[source.Kind].GetType().Name} and {source.GetType().Name}).");
            }
        }

        _claims = claims.ToDictionary(c => c.Kind, StringComparer.Ordinal);
        _sender = sender;
        _pacer = pacer;
        _signal = signal;
        _time = time;
        _options = options.Value;
        _logger = logger;
        Owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        _completions = new DeliveryCompletions(store, Owner, time);
        _shown = new ShownCards(time);
    }

    /// <summary>This instance's lease owner name.</summary>
    public string Owner { get; }

    /// <summary>Claims as many due rows as there are free slots and starts them; returns the claimed rows' tasks.</summary>
    public async Task<IReadOnlyList<Task>> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var free = _options.MaxInFlight - Volatile.Read(ref _inFlight);
        if (free <= 0)
        {
            return [];
        }

        var claimed = await _store.ClaimAsync(Owner, free, _options.Lease, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var started = new List<Task>(claimed.Count);
        foreach (var entry in claimed)
        {
            // The row is still being sent here: either its lease lapsed meanwhile (a send slower than the lease, or
            // a clock that jumps) or the send has just recorded its outcome and the row was due again at once. The
            // running send takes the new claim up when it is done (NextClaimOfAsync tells the two apart); starting
            // it now would send the row twice at once, and dropping it would leave the row leased to nobody.
            lock (_runningGate)
            {
                if (_running.ContainsKey(entry.Id))
                {
                    _running[entry.Id] = entry;
                    continue;
                }

                _running[entry.Id] = null;
            }

            Interlocked.Increment(ref _inFlight);
            started.Add(RunAsync(entry, cancellationToken));
        }

        return started;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        BackgroundWork.EnterDelivery(); // no request waits on these writes, users wait for their cards (SQLite: requests' writes first, then these)

        Log.DeliveryDispatcherStarted(_logger, Owner);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                running.RemoveAll(t => t.IsCompleted);
                await PurgeIfDueAsync(stoppingToken).ConfigureAwait(false);
                var free = _options.MaxInFlight - Volatile.Read(ref _inFlight);
                var started = await DispatchDueAsync(stoppingToken).ConfigureAwait(false);
                running.AddRange(started);
                full = free > 0 && started.Count == free;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.DeliveryRoundFailed(_logger, ex);
            }

            // A full claim means more may be due: claim again as soon as a slot frees (each finished delivery signals).
            if (!full || Volatile.Read(ref _inFlight) >= _options.MaxInFlight)
            {
                await WaitAsync(stoppingToken).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>At start and then once per <see cref="PurgeInterval"/>: sent messages older than the retention go.</summary>
    internal async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now < _nextPurge)
        {
            return;
        }

        _nextPurge = now + PurgeInterval;
        var purged = await _store.PurgeSentAsync(now - _options.SentRetention, cancellationToken).ConfigureAwait(false);
        Log.DeliveriesPurged(_logger, purged, _options.SentRetention);
    }

    /// <summary>Until the poll interval (or a debounced delivery's due time) passes, or a new delivery or free slot is signalled.</summary>
    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _signal.WaitAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the loop ends.
        }
    }

    private async Task RunAsync(DeliveryEntry entry, CancellationToken cancellationToken)
    {
        var released = false;
        try
        {
            await Task.Yield();
            for (DeliveryEntry? current = entry; current is not null;)
            {
                await ProcessAsync(current, cancellationToken).ConfigureAwait(false);
                current = await NextClaimOfAsync(current, cancellationToken).ConfigureAwait(false);
            }

            released = true; // NextClaimOfAsync answered null: the row is no longer marked as running here
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping (a restart, a deploy): the row is handed back due now, so the next instance sends it at once
            // instead of when this one's lease lapses (2 minutes by default) — as the lapse would, it may send it again.
            await HandBackAsync(entry).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The store failed while recording the outcome: the lease expires and the row is tried again.
            Log.DeliveryRoundFailed(_logger, ex);
        }
        finally
        {
            if (!released)
            {
                // Ended by an exception: the row is released here (a claim taken meanwhile lapses and is retaken).
                lock (_runningGate)
                {
                    _running.Remove(entry.Id);
                }
            }

            Interlocked.Decrement(ref _inFlight);
            _signal.Notify();
        }
    }

    /// <summary>Hands a row this instance holds back to the store, due now, when stopping; a failure leaves the lease to lapse.</summary>
    private async Task HandBackAsync(DeliveryEntry entry)
    {
        try
        {
            var now = _time.GetUtcNow();
            await _store.RescheduleAsync(entry.Id, Owner, now, countAttempt: false, error: null, now, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.DeliveryRoundFailed(_logger, ex);
        }
    }

    /// <summary>
    /// The claim of <paramref name="done"/>'s row taken while it was being sent, when it still stands; else null
    /// (and the row is no longer marked as running here).
    /// </summary>
    private async Task<DeliveryEntry?> NextClaimOfAsync(DeliveryEntry done, CancellationToken cancellationToken)
    {
        while (true)
        {
            DeliveryEntry? newer;
            lock (_runningGate)
            {
                newer = _running.GetValueOrDefault(done.Id);
                if (newer is null)
                {
                    _running.Remove(done.Id);
                    return null;
                }

                _running[done.Id] = null;
            }

            // It stands when nothing was recorded after it: the send just finished had recorded its outcome before
            // (the row was due again at once). A lapsed lease claimed back while the send was in flight was
            // overwritten by that send's outcome instead (sent, removed or rescheduled), and taking it up would
            // send the row twice.
            var row = await _store.FindAsync(newer.Kind, newer.SubjectId, cancellationToken).ConfigureAwait(false);
            if (row is { State: DeliveryState.InProgress } && row.Id == newer.Id && row.LeaseOwner == Owner && row.LeaseExpiresAt == newer.LeaseExpiresAt)
            {
                return newer;
            }
        }
    }

    private async Task ProcessAsync(DeliveryEntry entry, CancellationToken cancellationToken)
    {
        PreparedDelivery? delivery;
        ThreadMessage? under = null;
        MessageClaim? claim = null;
        if (entry.IsMessage)
        {
            var message = MessagePayload.Deserialize(entry.PayloadJson ?? string.Empty);
            claim = message.Claim;
            if (message.Card is { } card)
            {
                under = await PlaceUnderCardAsync(entry, card, message.Activity, cancellationToken).ConfigureAwait(false);
                if (under is null)
                {
                    return;
                }

                delivery = under.Delivery;
            }
            else
            {
                delivery = new PreparedDelivery(message.Conversation!, message.Activity, null, false, null); // a message without a card has a conversation
            }
        }
        else if (_sources.TryGetValue(entry.Kind, out var source))
        {
            delivery = await source.RenderAsync(entry.SubjectId, cancellationToken).ConfigureAwait(false) is { } content
                ? new PreparedDelivery(content.Conversation, content.Activity, content.ExistingActivityId, content.StartsThread, source)
                : null;
        }
        else
        {
            Log.DeliveryUnknownKind(_logger, entry.Kind, entry.SubjectId);
            await _store.ParkAsync(entry.Id, Owner, $"no live card source '{entry.Kind}'", _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (delivery is null)
        {
            // Nothing to show any more (the subject is gone).
            await CompleteAsync(entry, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (delivery.Source is not null && _shown.AlreadyShows(entry.Kind, entry.SubjectId, delivery))
        {
            // Changed while its last send was on its way, and that send (rendered just before it went) showed the change.
            Log.DeliveryUnchanged(_logger, entry.Kind, entry.SubjectId);
            await CompleteAsync(entry, cancellationToken).ConfigureAwait(false);
            return;
        }

        var paced = false;
        var thread = delivery.Conversation.ServiceUrl + "|" + delivery.Conversation.ConversationId;
        var tenant = delivery.Conversation.TenantId;
        var wait = _pacer.Reserve(thread, tenant, _time.GetUtcNow(), _options.MaxPacingWait);
        if (wait > _options.MaxPacingWait)
        {
            // Paced out (or the thread is throttled): back to the store until the slot, without counting an attempt.
            await _store.RescheduleAsync(entry.Id, Owner, _time.GetUtcNow() + wait, countAttempt: false, null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            _signal.Notify(_time.GetUtcNow() + wait);
            return;
        }

        if (wait > TimeSpan.Zero)
        {
            paced = true;
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }

        // The slot said when; the admission counts what really goes out, on the clock the send is stamped with: a send
        // woken late (the process stalled) waits here rather than going out with the next slots' sends, and a thread
        // answered 429 while this send waited admits nothing until its Retry-After is over — a long pause sends the row
        // back to the store until then.
        DeliveryPacer.AdmittedSend? admitted;
        for (var more = _pacer.Admit(thread, tenant, _time.GetUtcNow(), out admitted); more > TimeSpan.Zero; more = _pacer.Admit(thread, tenant, _time.GetUtcNow(), out admitted))
        {
            if (more > _options.MaxPacingWait)
            {
                var until = _time.GetUtcNow() + more;
                await _store.RescheduleAsync(entry.Id, Owner, until, countAttempt: false, null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                _signal.Notify(until);
                return;
            }

            paced = true;
            await Task.Delay(more, _time, cancellationToken).ConfigureAwait(false);
        }

        if (claim is not null && _claims.TryGetValue(claim.Kind, out var claims) && !await claims.HoldsAsync(claim, cancellationToken).ConfigureAwait(false))
        {
            // Queued while true, no longer so (a "fixed" message of an incident reopened while it waited): done, not sent.
            // Checked after any wait for its turn, as close to the send as it can be.
            _pacer.Finished(admitted, _time.GetUtcNow());
            Log.DeliveryClaimLapsed(_logger, entry.SubjectId, claim.Kind, claim.SubjectId);
            await CompleteAsync(entry, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (paced && delivery.Source is { } live)
        {
            // A live card that waited for its turn shows what is true when it goes, not when it was claimed: under load
            // a report's diagnosis often lands while its acknowledgement waits, and then goes with it (its own send,
            // claimed next, finds the card already showing it: ShownCards).
            switch (await live.RenderAsync(entry.SubjectId, cancellationToken).ConfigureAwait(false))
            {
                case null:
                    _pacer.Finished(admitted, _time.GetUtcNow());
                    await CompleteAsync(entry, cancellationToken).ConfigureAwait(false);
                    return;
                case { } now when SameTarget(now, delivery):
                    delivery = delivery with { Activity = now.Activity };
                    break;
            }
        }

        // Taken before the sender fills in the activity's addressing, as ShownCards compares it with a fresh render.
        var digest = delivery.Source is null ? null : ShownCards.Digest(delivery.Activity);
        SentCard? sent = null;
        Exception? failure = null;
        try
        {
            sent = await _sender.SendAsync(entry, delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = error;
        }
        finally
        {
            // Answered or not, the send reached the connector by now: it holds its place a window from here.
            _pacer.Finished(admitted, _time.GetUtcNow());
        }

        if (failure is { } ex)
        {
            if (ex is ConnectorException { StatusCode: HttpStatusCode.NotFound or HttpStatusCode.Gone } gone
                && await MovedAsync(entry, delivery, under, cancellationToken).ConfigureAwait(false))
            {
                // The card (and what goes under it) has somewhere else to go now (a new thread, another channel): at once.
                var now = _time.GetUtcNow();
                await _store.RescheduleAsync(entry.Id, Owner, now, countAttempt: true, Describe(gone), now, cancellationToken).ConfigureAwait(false);
                _signal.Notify();
                return;
            }

            await FailAsync(entry, ex, thread, tenant, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (sent is not null && delivery.Source is { } cardSource)
        {
            await cardSource.CardSentAsync(entry.SubjectId, sent, cancellationToken).ConfigureAwait(false);
        }

        if (digest is not null && (sent?.ActivityId ?? delivery.ExistingActivityId) is { Length: > 0 } shownOn)
        {
            _shown.Sent(entry.Kind, entry.SubjectId, shownOn, digest);
        }

        await CompleteAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A message under a live card, placed where the card lives now. Null when it cannot go out now: it waits for the
    /// card's next send to start a thread (queued if it is not already), or is parked when the card has nowhere to go.
    /// </summary>
    private async Task<ThreadMessage?> PlaceUnderCardAsync(DeliveryEntry entry, LiveCard card, Activity activity, CancellationToken cancellationToken)
    {
        if (!_sources.TryGetValue(card.Kind, out var source))
        {
            Log.DeliveryUnknownKind(_logger, card.Kind, card.SubjectId);
            await _store.ParkAsync(entry.Id, Owner, $"no live card source '{card.Kind}'", _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return null;
        }

        var place = await source.PlaceMessageAsync(card.SubjectId, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (place.Conversation is { } conversation)
        {
            activity.Conversation = null; // the sender addresses it to the card's conversation
            activity.ServiceUrl = conversation.ServiceUrl;
            return new ThreadMessage(source, card, new PreparedDelivery(conversation, activity, null, false, null));
        }

        if (!place.AwaitsCard || now - entry.CreatedAt >= _options.GiveUpAfter)
        {
            var why = place.AwaitsCard ? "the card it goes under never started its thread" : "the card it goes under has nowhere to go";
            if (await _store.ParkAsync(entry.Id, Owner, why, now, cancellationToken).ConfigureAwait(false))
            {
                Log.DeliveryParked(_logger, entry.Kind, entry.SubjectId, entry.Attempts, why);
            }

            return null;
        }

        // The card's next send starts the thread (the one way a thread is started): queued now unless it is already.
        // A card that was given up on starts no thread: neither does the message, nor does it claim to be delivered.
        switch (await _store.FindAsync(card.Kind, card.SubjectId, cancellationToken).ConfigureAwait(false))
        {
            case null:
                await _store.EnqueueCardAsync(card.Kind, card.SubjectId, now, now, cancellationToken).ConfigureAwait(false);
                break;
            case { State: DeliveryState.Parked }:
                const string Parked = "the card it goes under could not be sent";
                if (await _store.ParkAsync(entry.Id, Owner, Parked, now, cancellationToken).ConfigureAwait(false))
                {
                    Log.DeliveryParked(_logger, entry.Kind, entry.SubjectId, entry.Attempts, Parked);
                }

                return null;
        }

        var next = now + _options.RetryDelay;
        await _store.RescheduleAsync(entry.Id, Owner, next, countAttempt: false, null, now, cancellationToken).ConfigureAwait(false);
        _signal.Notify();
        _signal.Notify(next);
        return null;
    }

    /// <summary>
    /// The conversation was not found (404/410): whether the delivery has somewhere else to go. A live card asks its
    /// source; a message under a card tells the card's source the same (one mechanism moves both) and follows the
    /// card wherever it is now, or waits for it.
    /// </summary>
    private static async Task<bool> MovedAsync(DeliveryEntry entry, PreparedDelivery delivery, ThreadMessage? under, CancellationToken cancellationToken)
    {
        if (under is { } message)
        {
            await message.Source.ConversationGoneAsync(message.Card.SubjectId, delivery.Conversation.ConversationId, cancellationToken).ConfigureAwait(false);
            var now = await message.Source.PlaceMessageAsync(message.Card.SubjectId, cancellationToken).ConfigureAwait(false);
            return now.AwaitsCard || (now.Conversation is { } c && c.ConversationId != delivery.Conversation.ConversationId);
        }

        return delivery.Source is { } moving
            && await moving.ConversationGoneAsync(entry.SubjectId, delivery.Conversation.ConversationId, cancellationToken).ConfigureAwait(false);
    }

    private async Task CompleteAsync(DeliveryEntry entry, CancellationToken cancellationToken)
    {
        // Written with the other sends that finish meanwhile (one write per round under load, see DeliveryCompletions).
        if (!await _completions.CompleteAsync(entry.Id, cancellationToken).ConfigureAwait(false))
        {
            Log.DeliveryLeaseLost(_logger, entry.Kind, entry.SubjectId);
        }
        else if (entry.RunAgain || !entry.IsMessage)
        {
            // Enqueued again while this one was in flight: the row is pending again (maybe due now).
            _signal.Notify();
        }
    }

    private async Task FailAsync(DeliveryEntry entry, Exception ex, string thread, string? tenant, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var error = Describe(ex);
        var status = (ex as ConnectorException)?.StatusCode;
        var retryAfter = (ex as ConnectorException)?.RetryAfter;
        if (status == HttpStatusCode.TooManyRequests)
        {
            var pause = retryAfter ?? Backoff(entry.Attempts, null);
            _pacer.Throttled(thread, tenant, pause, now);
            Log.DeliveryThrottled(_logger, "a conversation", pause);
        }

        if ((status is { } s && Refused(s)) || now - entry.CreatedAt >= _options.GiveUpAfter)
        {
            if (await _store.ParkAsync(entry.Id, Owner, error, now, cancellationToken).ConfigureAwait(false))
            {
                Log.DeliveryParked(_logger, entry.Kind, entry.SubjectId, entry.Attempts + 1, error);
            }

            return;
        }

        var next = now + Backoff(entry.Attempts, retryAfter);
        if (await _store.RescheduleAsync(entry.Id, Owner, next, countAttempt: true, error, now, cancellationToken).ConfigureAwait(false))
        {
            Log.DeliveryAttemptFailed(_logger, entry.Kind, entry.SubjectId, entry.Attempts + 1, error, next);
            _signal.Notify(next);
        }
    }

    /// <summary>A render made after the pacing wait goes where the first one was paced for (else the first one goes; the next send moves it).</summary>
    private static bool SameTarget(LiveCardContent now, PreparedDelivery paced) =>
        now.Conversation.ServiceUrl == paced.Conversation.ServiceUrl
        && now.Conversation.ConversationId == paced.Conversation.ConversationId
        && now.ExistingActivityId == paced.ExistingActivityId
        && now.StartsThread == paced.StartsThread;

    /// <summary>The conversation refuses the message for good (gone, bot removed or blocked, malformed, too big): retrying cannot help.</summary>
    private static bool Refused(HttpStatusCode status) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed
            or HttpStatusCode.Gone or HttpStatusCode.RequestEntityTooLarge;

    /// <summary>RetryDelay · 2^attempts, capped at MaxRetryDelay, ±20 % jitter; never sooner than Retry-After.</summary>
    internal TimeSpan Backoff(int attempts, TimeSpan? retryAfter) =>
        DispatchTiming.Backoff(attempts, _options.RetryDelay, _options.MaxRetryDelay, retryAfter);

    /// <summary>A message under a live card, with the card's source and where it is sent this time.</summary>
    private sealed record ThreadMessage(ILiveCardSource Source, LiveCard Card, PreparedDelivery Delivery);

    /// <summary>Error text kept on the row and logged: status or exception type and message only (secret-free).</summary>
    private static string Describe(Exception ex) => ex switch
    {
        ConnectorException c => c.Message,
        HttpRequestException h => $"connection failed: {h.HttpRequestError}",
        Polly.Timeout.TimeoutRejectedException => "the connector did not answer in time",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
