using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Tickets.Escalations;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// Tells every reporter of a resolved incident: their case card says it is fixed (with "Still broken") and each gets
/// one message in their chat with the bot. The resolution is written with <c>notify_pending</c> set; this runs
/// right after and again from the watch until it completes, and each message's delivery key (incident, resolution,
/// reporter) makes a repeat a no-op: a crash in between loses none and doubles none.
/// </summary>
internal sealed class ResolutionFanOut(IHelpdeskStore store, DeskStates states, CaseService cases, CaseRepository repository, IDeliveryQueue delivery, ILogger<ResolutionFanOut> logger)
{
    public const string CaseKind = "case";

    public async Task RunAsync(string incidentId, CancellationToken ct)
    {
        if (await store.GetAsync(incidentId, ct).ConfigureAwait(false) is not { Desk: { } desk } found || !found.NotifyPending)
        {
            return;
        }

        var count = 0;
        if (desk is { Status: DeskStatus.Resolved })
        {
            foreach (var c in await store.ListCasesAsync(incidentId, ct).ConfigureAwait(false))
            {
                count += await TellAsync(incidentId, desk, c, ct).ConfigureAwait(false) ? 1 : 0;
            }

            Log.ReportersQueued(logger, incidentId, desk.Resolutions, count);
        }

        // Reopened before this ran: nothing to tell; either way the flag is cleared for this resolution.
        await states.UpdateAsync(incidentId, f => f.NotifyPending && f.Desk!.Resolutions == desk.Resolutions
            ? DeskStates.Keep(f, f.Desk) with { NotifyPending = false }
            : null, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A report that joined the incident before it was resolved but reached the desk after (its ticket came later): its
    /// reporter is told of the fix as the others were, once, without touching the others' cards.
    /// </summary>
    public async Task TellLateReporterAsync(string incidentId, IncidentCase reporter, CancellationToken ct)
    {
        if (await store.GetAsync(incidentId, ct).ConfigureAwait(false) is { Desk: { Status: DeskStatus.Resolved } desk })
        {
            await TellAsync(incidentId, desk, reporter, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The case's card says it is fixed and its reporter's message is queued (each a no-op when done before).</summary>
    private async Task<bool> TellAsync(string incidentId, IncidentDeskState desk, IncidentCase c, CancellationToken ct)
    {
        if (desk.ResolvedAt is not { } fixedAt)
        {
            return false;
        }

        var verified = IsVerified(desk);
        var updated = await cases.UpdateWithRetryAsync(
            c.CaseId,
            s => s.FixedAt == fixedAt ? null : new Transition(s with { FixedAt = fixedAt, FixVerified = verified, IncidentId = incidentId, StillBrokenAt = null, FixReopenedAt = null }, "fixed", incidentId),
            "fixed",
            ct).ConfigureAwait(false);
        var current = updated ?? await repository.GetAsync(c.CaseId, ct).ConfigureAwait(false);
        if (current is not { } cs || cs.State.FixedAt != fixedAt)
        {
            return false;
        }

        await delivery.EnqueueCardAsync(new LiveCard(CaseKind, c.CaseId), null, ct).ConfigureAwait(false);
        var conversation = cs.State.Channel.Reference(cs.State.Reporter);
        // In the reporter's own language, as their case card.
        var t = Localization.UserTexts.For(cs.State.Language);
        var ticket = cs.State.TicketNumber is { } n ? t.FixedMessageTicket(n) : string.Empty;
        var what = desk.ServiceName ?? ReportTarget.Shown(desk.Target, t.TargetEverySite);
        var text = verified ? t.FixedMessageVerified(what, ticket) : t.FixedMessageMarked(what, ticket);
        await delivery.EnqueueMessageAsync(MessageKey(incidentId, desk.Resolutions, c.ReporterId), conversation, conversation.CreateMessage(text), ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The incident was reopened: every reporter's card that says it is fixed now says it was reopened (the reporter who
    /// said "Still broken" already has their own card). No message: the next resolution tells them again.
    /// </summary>
    public async Task ReopenedAsync(string incidentId, DateTimeOffset reopenedAt, CancellationToken ct)
    {
        var count = 0;
        foreach (var c in await store.ListCasesAsync(incidentId, ct).ConfigureAwait(false))
        {
            var updated = await cases.UpdateWithRetryAsync(
                c.CaseId,
                s => s.FixedAt is null ? null : new Transition(s with { FixedAt = null, FixReopenedAt = reopenedAt }, "fix-reopened", incidentId),
                "fix-reopened",
                ct).ConfigureAwait(false);
            if (updated is not null)
            {
                await delivery.EnqueueCardAsync(new LiveCard(CaseKind, c.CaseId), null, ct).ConfigureAwait(false);
                count++;
            }
        }

        Log.ReportersReopened(logger, incidentId, count);
    }

    /// <summary>
    /// Whether our own latest check of the target, before the resolution, found it healthy. The watch checks open
    /// incidents at least every 15 minutes, and Resolve without force checks first; a forced resolution keeps the
    /// failing check, and a ticket system's resolution whatever the watch saw last.
    /// </summary>
    public static bool IsVerified(IncidentDeskState desk) => desk.LastProbe is { Healthy: true };

    /// <summary>One message per reporter per resolution of an incident.</summary>
    public static string MessageKey(string incidentId, int resolution, string reporterId) => $"fixed:{incidentId}:{resolution}:{reporterId}";
}
