using System.Diagnostics;
using HelpdeskBot.Tickets.Dispatching;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Localization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Outbox;

/// <summary>
/// Sends queued escalations: claims due rows under a lease, sends each, completes it with its ticket and tells
/// the user; on failure reschedules it with exponential backoff and jitter (or the provider's Retry-After), and
/// after <see cref="TicketsOptions.GiveUpAfter"/> parks it and tells the user and the help desk. Waits on
/// <see cref="TimeProvider"/> timers and the <see cref="IOutboxSignal"/>, so tests drive it with a fake clock.
/// </summary>
internal sealed class OutboxDispatcher : BackgroundService
{
    private readonly IOutboxStore _store;
    private readonly EscalationSender _sender;
    private readonly IEscalationNotifier _notifier;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly TicketsOptions _options;
    private readonly DeskTexts _texts;
    private readonly ILogger<OutboxDispatcher> _logger;

    public OutboxDispatcher(IOutboxStore store, EscalationSender sender, IEscalationNotifier notifier, OutboxSignal signal, DeskTexts texts, TimeProvider time, IOptions<TicketsOptions> options, ILogger<OutboxDispatcher> logger)
    {
        _store = store;
        _sender = sender;
        _notifier = notifier;
        _signal = signal;
        _time = time;
        _options = options.Value;
        _texts = texts;
        _logger = logger;
        Owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This instance's lease owner name.</summary>
    public string Owner { get; }

    /// <summary>One round: claims up to a batch of due rows and sends them. Returns how many were claimed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var o = _options.Outbox;
        var claimed = await _store.ClaimAsync(Owner, o.BatchSize, o.Lease, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (claimed.Count > 0)
        {
            await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = cancellationToken }, (entry, ct) => new ValueTask(ProcessAsync(entry, ct))).ConfigureAwait(false);
        }

        return claimed.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Outbox.Enabled)
        {
            return;
        }

        BackgroundWork.Enter(); // no request waits on these writes (SQLite lets requests' writes go first)

        Log.DispatcherStarted(_logger, Owner, _sender.ProviderName);
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await DispatchDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.RoundFailed(_logger, ex);
            }

            if (claimed < _options.Outbox.BatchSize)
            {
                await WaitAsync(stoppingToken).ConfigureAwait(false);
            }
        }

        Log.DispatcherStopped(_logger, Owner);
    }

    /// <summary>Until the poll interval passes (fake-clock friendly) or a new escalation is signalled.</summary>
    private Task WaitAsync(CancellationToken stoppingToken) =>
        DispatchTiming.SignalOrDelayAsync(_signal.WaitAsync, _options.Outbox.PollInterval, _time, stoppingToken);

    private async Task ProcessAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var request = entry.Request;
        using var scope = _logger.BeginScope(new CorrelationLogScope(request.CaseId, entry.EscalationId));
        // Runs long after the Teams request: continue the trace of the turn or diagnosis that escalated.
        using var span = TicketsTelemetry.StartActivity("outbox.dispatch", ActivityKind.Consumer, request.TraceParent);
        span?.SetTag(TicketsTelemetry.CaseId, request.CaseId);
        span?.SetTag(TicketsTelemetry.EscalationId, entry.EscalationId);
        span?.SetTag(TicketsTelemetry.TicketProvider, _sender.ProviderName);
        span?.SetTag("helpdeskbot.outbox.attempt", entry.Attempts + 1);
        SendResult result;
        try
        {
            result = await _sender.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the lease expires and another round (or instance) takes the row again.
            throw;
        }
        catch (Exception ex)
        {
            var error = OutboxFailure.Describe(ex);
            span?.SetStatus(ActivityStatusCode.Error, error);
            await FailAsync(entry, error, (ex as TicketProviderException)?.RetryAfter, cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (result)
        {
            case SendResult.Sent sent:
                if (!await _store.CompleteAsync(entry.Id, Owner, sent.Ticket, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
                {
                    Log.LeaseLost(_logger, entry.EscalationId);
                    return;
                }

                span?.SetTag(TicketsTelemetry.TicketNumber, sent.Ticket.Number);
                span?.SetTag(TicketsTelemetry.TicketProvider, sent.Ticket.Provider);
                Log.TicketSent(_logger, entry.EscalationId, sent.Ticket.Number, sent.Ticket.Provider, sent.AffectedUsers);
                TicketsTelemetry.Tickets.Add(
                    1, new KeyValuePair<string, object?>("provider", sent.Ticket.Provider), new KeyValuePair<string, object?>("result", "sent"));
                await NotifyAsync(entry, () => _notifier.TicketCreatedAsync(request, sent.Ticket, sent.AffectedUsers, cancellationToken)).ConfigureAwait(false);
                break;
            case SendResult.WaitForLead:
                span?.SetTag("helpdeskbot.outbox.result", "waiting-for-lead");
                await FailAsync(entry, OutboxFailure.WaitingForLead, _options.Outbox.JoinWait, cancellationToken, exact: true).ConfigureAwait(false);
                break;
        }
    }

    private async Task FailAsync(OutboxEntry entry, string error, TimeSpan? retryAfter, CancellationToken cancellationToken, bool exact = false)
    {
        var now = _time.GetUtcNow();
        var attempt = entry.Attempts + 1;
        if (now - entry.CreatedAt >= _options.GiveUpAfter)
        {
            if (await _store.ParkAsync(entry.Id, Owner, error, now, cancellationToken).ConfigureAwait(false))
            {
                Log.Parked(_logger, entry.EscalationId, attempt, error);
                TicketsTelemetry.Tickets.Add(1, new KeyValuePair<string, object?>("result", "parked"));
                // Shown to the help desk (the parked card in its channel), in its language.
                var reason = _texts.ParkedReason(_texts.Duration(_options.GiveUpAfter), OutboxFailure.Word(error, _texts));
                await NotifyAsync(entry, () => _notifier.EscalationParkedAsync(entry.Request, reason, cancellationToken)).ConfigureAwait(false);
            }

            return;
        }

        var delay = exact && retryAfter is { } fixedDelay ? fixedDelay : Backoff(entry.Attempts, retryAfter);
        var next = now + delay;
        if (await _store.RescheduleAsync(entry.Id, Owner, next, error, now, cancellationToken).ConfigureAwait(false) && !exact)
        {
            Log.AttemptFailed(_logger, entry.EscalationId, attempt, error, next);
        }
    }

    /// <summary>RetryDelay · 2^attempts, capped at MaxRetryDelay, ±20 % jitter; never sooner than Retry-After.</summary>
    internal TimeSpan Backoff(int attempts, TimeSpan? retryAfter) =>
        DispatchTiming.Backoff(attempts, _options.Outbox.RetryDelay, _options.Outbox.MaxRetryDelay, retryAfter);

    private async Task NotifyAsync(OutboxEntry entry, Func<Task> notify)
    {
        try
        {
            await notify().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The ticket exists or the row is parked either way; a failed notice must not undo that.
            Log.NotifyFailed(_logger, ex, entry.EscalationId);
        }
    }

}
