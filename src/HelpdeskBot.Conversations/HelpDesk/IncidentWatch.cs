using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Connector;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Localization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// Watches open incidents: each due incident is leased by one instance, re-probed, and its schedule set (the
/// interval doubles from <see cref="IncidentsOptions.WatchInterval"/> to <see cref="IncidentsOptions.WatchMaxInterval"/>
/// while it fails, and stays short while it looks healthy). After K healthy checks the card suggests resolving (or
/// it resolves, with AutoResolve). Each round also reads external tickets back, sends take reminders, finishes
/// resolutions and reopenings whose reporters' cards have not all caught up, and tells channels a team's unarchiving
/// connected again that a stop left untold (<see cref="ReconnectNotices"/>). Waits on <see cref="TimeProvider"/> timers (fake-clock friendly).
/// </summary>
internal sealed class IncidentWatch(
    IHelpdeskStore store,
    DeskStates states,
    IncidentBoard board,
    IncidentDesk desk,
    DeskProbe probe,
    FanOutWalks walks,
    ITicketStatusReader ticketStatus,
    IDeliveryQueue delivery,
    HelpdeskChannels channels,
    ReconnectNotices reconnected,
    IConnectorClient connector,
    DeskTexts texts,
    TimeProvider time,
    IOptions<IncidentsOptions> options,
    ILogger<IncidentWatch> logger) : BackgroundService
{
    private const int Batch = 50;

    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>One round: the incidents due now, then unfinished resolutions and reopenings. Returns how many incidents were checked.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var claimed = await store.ClaimWatchAsync(Owner, o.WatchLease, Batch, time.GetUtcNow(), ct).ConfigureAwait(false);
        foreach (var incidentId in claimed)
        {
            try
            {
                await CheckAsync(incidentId, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.BoardFailed(logger, ex, incidentId);
            }
            finally
            {
                await store.ReleaseWatchAsync(incidentId, Owner, ct).ConfigureAwait(false);
            }
        }

        foreach (var incidentId in await store.ListNotifyPendingAsync(Batch, ct).ConfigureAwait(false))
        {
            // Walked here unless this instance walks it already (a click's walk in the background).
            await walks.WalkAsync(incidentId, ct).ConfigureAwait(false);
        }

        await reconnected.TellAsync(ct).ConfigureAwait(false);
        return claimed.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.WatchRoundFailed(logger, ex);
            }

            try
            {
                await Task.Delay(options.Value.WatchPoll, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task CheckAsync(string incidentId, CancellationToken ct)
    {
        if (await store.GetAsync(incidentId, ct).ConfigureAwait(false) is not { Desk: { Status: not DeskStatus.Resolved } current } found)
        {
            return;
        }

        var o = options.Value;
        if (found.Incident.Ticket is { } ticket && await ReadTicketAsync(incidentId, current, ticket, ct).ConfigureAwait(false))
        {
            return;
        }

        var snapshot = await probe.CheckAsync(current.Target, ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var written = await states.UpdateAsync(incidentId, f =>
        {
            var d = f.Desk!;
            if (d.Status == DeskStatus.Resolved)
            {
                return null;
            }

            var interval = d.WatchInterval ?? o.WatchInterval;
            // Failing: back off (doubling, capped). Healthy: keep the first interval, so K checks come soon.
            var next = snapshot.Healthy ? o.WatchInterval : TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, o.WatchMaxInterval.Ticks));
            var updated = d with
            {
                LastProbe = snapshot,
                HealthyStreak = snapshot.Healthy ? d.HealthyStreak + 1 : 0,
                HealthySince = snapshot.Healthy ? d.HealthySince ?? snapshot.At : null,
                WatchInterval = next,
            };
            return DeskStates.Keep(f, updated, Earliest(now + next, ReminderDue(f, updated)));
        }, ct).ConfigureAwait(false);
        if (written is not { } w)
        {
            return;
        }

        Log.WatchChecked(logger, incidentId, snapshot.Healthy, w.After.HealthyStreak, null);
        if (o.AutoResolve && w.After.HealthyStreak >= o.HealthyChecks)
        {
            await desk.ResolveNowAsync(incidentId, DeskText.WithCount(nameof(DeskTexts.ResolvedByWatch), o.HealthyChecks), "watch", ct).ConfigureAwait(false);
            return;
        }

        await RemindAsync(incidentId, ct).ConfigureAwait(false);
        await board.RefreshCardAsync(incidentId, ct).ConfigureAwait(false);
    }

    /// <summary>True when the ticket system says resolved (the incident is then resolved from there).</summary>
    private async Task<bool> ReadTicketAsync(string incidentId, IncidentDeskState current, Tickets.Escalations.TicketRef ticket, CancellationToken ct)
    {
        ExternalTicketStatus status;
        try
        {
            status = await ticketStatus.ReadAsync(ticket, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Tickets.TicketProviderException)
        {
            Log.BoardFailed(logger, ex, incidentId);
            return false;
        }

        if (status.State != ExternalTicketState.Resolved)
        {
            if (status.State == ExternalTicketState.Open && current.ReopenedAt is { } since && current.TicketOpenAfter != since)
            {
                // Seen open after the reopening: its next resolution is a new one, whatever times the system keeps.
                await states.UpdateAsync(incidentId, f => f.Desk!.ReopenedAt != since || f.Desk.TicketOpenAfter == since ? null : DeskStates.Keep(f, f.Desk with { TicketOpenAfter = since }), ct).ConfigureAwait(false);
            }

            return false;
        }

        Log.TicketStatusRead(logger, incidentId, status.State.ToString(), status.ProviderStatus);
        var changedAt = status.ChangedAt;
        if (changedAt is null && current.ReopenedAt is { } reopened)
        {
            // Reopened here, resolved there, and no resolution time to tell a new resolution from the old one. The last
            // change's time (ServiceNow sys_updated_on) dates it only when the watch saw the ticket open after the
            // reopening; else a work note on a ticket still resolved from before would resolve the incident again.
            if (current.TicketOpenAfter != reopened || status.UpdatedAt is not { } updated)
            {
                await IgnoredOnceAsync(incidentId, ticket, reopened, status.UpdatedAt is null
                    ? "the ticket system gives neither a resolution time nor a last-change time"
                    : "the ticket system gives no resolution time, and the ticket was not seen open since the reopening (it may still be resolved from before)", ct).ConfigureAwait(false);
                return false;
            }

            changedAt = updated;
        }

        // A resolution at or before the reopening comes back Unchanged; the watch then goes on checking the site.
        var result = await desk.ResolvedInTicketSystemAsync(incidentId, ticket.Provider, changedAt, ct).ConfigureAwait(false);
        if (result.Outcome == IncidentActionOutcome.Unchanged && result.ReopenedAt is { } before && changedAt is { } at)
        {
            await IgnoredOnceAsync(incidentId, ticket, before, $"its resolution ({at:u}) is not newer than the reopening or the resolution already applied", ct).ConfigureAwait(false);
        }

        return result.Outcome == IncidentActionOutcome.Done;
    }

    /// <summary>Logs why the ticket's resolution does not resolve the reopened incident: once per reopening, not every round.</summary>
    private async Task IgnoredOnceAsync(string incidentId, Tickets.Escalations.TicketRef ticket, DateTimeOffset reopened, string why, CancellationToken ct)
    {
        if (await states.UpdateAsync(incidentId, f => f.Desk!.ReopenedAt != reopened || f.Desk.ResolutionIgnoredFor == reopened ? null : DeskStates.Keep(f, f.Desk with { ResolutionIgnoredFor = reopened }), ct).ConfigureAwait(false) is not null)
        {
            Log.TicketResolutionIgnored(logger, incidentId, ticket.Provider, ticket.Number, reopened, why);
        }
    }

    /// <summary>Not taken within TakeWithin: one reminder in the thread; past RemindAdminsAfter: the escalation contacts, once.</summary>
    private async Task RemindAsync(string incidentId, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        if (await store.GetAsync(incidentId, ct).ConfigureAwait(false) is not { Desk: { Status: DeskStatus.New } d } f)
        {
            return;
        }

        // Each reminder is claimed in the desk state before it is sent: of two instances (or a check that outlived its
        // lease) only the one whose write wins sends it.
        var age = now - f.Incident.OpenedAt;
        if (d.RemindedAt is null && age >= o.TakeWithin && d.ChannelId is not null
            && await states.UpdateAsync(incidentId, x => x.Desk!.RemindedAt is not null ? null : DeskStates.Keep(x, x.Desk with { RemindedAt = now }), ct).ConfigureAwait(false) is not null)
        {
            // Claimed: a reminder that waited (Teams throttling, a thread being re-created) while an agent took the
            // incident would tell the channel "nobody has taken this incident yet"; it is dropped at send time instead.
            await board.SayInThreadAsync(incidentId, "remind:" + incidentId, texts.Reminder(texts.People(f.Incident.AffectedUsers), texts.Duration(age), texts.CardTake), UntakenClaim.Of(incidentId), ct).ConfigureAwait(false);
            Log.ReminderSent(logger, incidentId, false);
        }

        if (d.AdminsRemindedAt is null && age >= o.RemindAdminsAfter && o.EscalationContacts.Count > 0
            && await channels.FindAsync(d.ChannelId, ct).ConfigureAwait(false) is { } channel
            && await states.UpdateAsync(incidentId, x => x.Desk!.AdminsRemindedAt is not null ? null : DeskStates.Keep(x, x.Desk with { AdminsRemindedAt = now }), ct).ConfigureAwait(false) is not null)
        {
            foreach (var contact in o.EscalationContacts)
            {
                // Teams answers the same 1:1 conversation for the same bot and user, so this is safe to repeat.
                var created = await connector.CreateConversationAsync(channel.ServiceUrl, new ConversationParameters
                {
                    Bot = channel.BotId is null ? null : new ChannelAccount { Id = channel.BotId, Name = channel.BotName },
                    Members = [new ChannelAccount { Id = contact }],
                    TenantId = channel.TenantId,
                    ChannelData = System.Text.Json.JsonSerializer.SerializeToElement(new TeamsChannelData { Tenant = new TenantInfo { Id = channel.TenantId } }, ProtocolJsonContext.Default.TeamsChannelData),
                }, ct).ConfigureAwait(false);
                if (created.Id is not { Length: > 0 } conversationId)
                {
                    continue;
                }

                var conversation = new ConversationReference
                {
                    ServiceUrl = channel.ServiceUrl,
                    ConversationId = conversationId,
                    ConversationType = ConversationTypes.Personal,
                    TenantId = channel.TenantId,
                    BotId = channel.BotId,
                    BotName = channel.BotName,
                    UserId = contact,
                    ChannelId = "msteams",
                };
                var text = texts.AdminReminder(d.ServiceName ?? ReportTarget.Shown(d.Target, texts.TargetEverySite), texts.People(f.Incident.AffectedUsers), texts.Duration(age));
                await delivery.EnqueueMessageAsync($"remind-admin:{incidentId}:{contact}", conversation, conversation.CreateMessage(text), UntakenClaim.Of(incidentId), ct).ConfigureAwait(false);
            }

            Log.ReminderSent(logger, incidentId, true);
        }
    }

    /// <summary>When the next reminder of a not-yet-taken incident is due, so the watch comes back in time for it.</summary>
    private DateTimeOffset? ReminderDue(DeskIncident f, IncidentDeskState d)
    {
        if (d.Status != DeskStatus.New)
        {
            return null;
        }

        var o = options.Value;
        DateTimeOffset? due = d.RemindedAt is null ? f.Incident.OpenedAt + o.TakeWithin
            : d.AdminsRemindedAt is null && o.EscalationContacts.Count > 0 ? f.Incident.OpenedAt + o.RemindAdminsAfter
            : null;

        // A reminder already due is sent right after this check; coming back at once would only spin.
        return due > time.GetUtcNow() ? due : null;
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset? b) => b is { } x && x < a ? x : a;
}
