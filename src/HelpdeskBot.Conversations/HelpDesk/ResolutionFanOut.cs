using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Tickets.Escalations;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// Brings every reporter's case card up to date with the incident's last resolution or reopening. Resolved: each card
/// says it is fixed (with "Still broken") and each reporter gets one message in their chat with the bot. Reopened:
/// each card that says fixed says it was reopened (no message; the next resolution tells them again). Either step is
/// written with <c>notify_pending</c> set in the same write as the resolution or reopening; this runs right after, in
/// the background (<see cref="FanOutWalks"/>: the click does not wait for it), and again from the watch until it
/// completes: a stop mid-way loses none, and a repeat is a no-op per reporter (a case already taken back is skipped; a
/// case already marked whose message is queued is skipped, card and message; each message's delivery key is
/// (incident, resolution, reporter)). A case's mark carries its resolution (<see cref="CaseState.FixedResolution"/>), so a fan-out of an
/// older resolution never overwrites or takes back a newer one's.
/// </summary>
internal sealed class ResolutionFanOut(IHelpdeskStore store, DeskStates states, CaseService cases, CaseRepository repository, IDeliveryQueue delivery, IDeliveryStore deliveries, ILogger<ResolutionFanOut> logger)
{
    public const string CaseKind = "case";

    /// <summary>
    /// Walks the reporters of the incident's pending step (a no-op when none is pending). True when this run finished
    /// the step and cleared the flag; false when there was nothing to do, or the step is not done (a case kept losing
    /// its write, or the incident changed meanwhile: the flag stays for its own run or the watch's next round).
    /// </summary>
    public async Task<bool> RunAsync(string incidentId, CancellationToken ct)
    {
        if (await store.GetAsync(incidentId, ct).ConfigureAwait(false) is not { Desk: { } desk } found || !found.NotifyPending)
        {
            return false;
        }

        var count = 0;
        var unfinished = 0;
        int? told = null;
        if (desk is { Status: DeskStatus.Resolved })
        {
            // Reporters whose message is queued (now or by an earlier run): one message per reporter, whatever their cases.
            var reporters = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in await store.ListCasesAsync(incidentId, ct).ConfigureAwait(false))
            {
                var outcome = await TellAsync(incidentId, desk, c, ct).ConfigureAwait(false);
                if (outcome == Told.Withdrawn)
                {
                    break; // reopened (or resolved anew) while this ran: the rest are not told of this resolution
                }

                count += outcome == Told.Yes ? 1 : 0;
                unfinished += outcome == Told.Unfinished ? 1 : 0;
                if (outcome is Told.Yes or Told.Already)
                {
                    reporters.Add(c.ReporterId);
                }
            }

            told = reporters.Count;
            Log.ReportersQueued(logger, incidentId, desk.Resolutions, count, reporters.Count);
        }
        else if (desk.ReopenedAt is { } reopenedAt)
        {
            foreach (var c in await store.ListCasesAsync(incidentId, ct).ConfigureAwait(false))
            {
                var taken = await TakeBackAsync(incidentId, desk.Resolutions, reopenedAt, c, ct).ConfigureAwait(false);
                count += taken == Told.Yes ? 1 : 0;
                unfinished += taken == Told.Unfinished ? 1 : 0;
            }

            Log.ReportersReopened(logger, incidentId, count);
        }

        if (unfinished > 0)
        {
            // A case whose write kept losing to concurrent writes is not done: the flag stays, and the watch's next
            // round walks again (a no-op for every reporter already done).
            Log.FanOutUnfinished(logger, incidentId, unfinished);
            return false;
        }

        // Done for this step; a resolution or reopening written meanwhile keeps the flag for its own run. A resolution's
        // count of reporters whose message is queued goes with it, for the incident card.
        var cleared = await states.UpdateAsync(incidentId, f => f.NotifyPending && SameStep(f.Desk!, desk)
            ? DeskStates.Keep(f, told is { } n ? f.Desk! with { ReportersTold = n, ReportersToldFor = desk.Resolutions } : f.Desk!) with { NotifyPending = false }
            : null, ct).ConfigureAwait(false);
        return cleared is not null;
    }

    /// <summary>
    /// Whether two desk states are at the same resolution or reopening (what the cards must show). A report that reached
    /// the desk meanwhile (<see cref="IncidentDeskState.LateJoins"/>) makes it another step: the walk's listing may have
    /// missed it.
    /// </summary>
    private static bool SameStep(IncidentDeskState a, IncidentDeskState b) =>
        a.Resolutions == b.Resolutions && (a.Status == DeskStatus.Resolved) == (b.Status == DeskStatus.Resolved) && a.ReopenedAt == b.ReopenedAt && a.LateJoins == b.LateJoins;

    /// <summary>
    /// A report that joined the incident before it was resolved but reached the desk after (its ticket came later; its
    /// case is stored with the incident now): its reporter is told of the fix as the others were, once, without touching
    /// the others' cards, and the card's count of "fixed" messages includes them. While the resolution's walk is pending
    /// or running, its listing of the cases may have been made before this case was stored: the walk is made to run
    /// again (<see cref="LateReport.WalkAgain"/>: its flag stays until a walk that listed after this clears it, and the
    /// caller starts one), which tells and counts the reporter. Once the walk is done, the reporter is told here and
    /// counted when this call queued their message (not another case of theirs, not a walk started since).
    /// </summary>
    public async Task<LateReport> TellLateReporterAsync(string incidentId, IncidentCase reporter, CancellationToken ct)
    {
        for (var attempt = 0; attempt < DeskStates.MaxConflictRetries; attempt++)
        {
            if (await store.GetAsync(incidentId, ct).ConfigureAwait(false) is not { Desk: { Status: DeskStatus.Resolved } desk } found)
            {
                return LateReport.None;
            }

            if (found.NotifyPending)
            {
                var again = await states.UpdateAsync(incidentId, f => f.NotifyPending && f.Desk is { Status: DeskStatus.Resolved } d && d.Resolutions == desk.Resolutions
                    ? DeskStates.Keep(f, d with { LateJoins = d.LateJoins + 1 })
                    : null, ct).ConfigureAwait(false);
                if (again is not null)
                {
                    Log.LateReporterWalkAgain(logger, incidentId, desk.Resolutions);
                    return LateReport.WalkAgain;
                }

                continue; // the walk finished (or the incident changed) meanwhile: read again
            }

            if (await TellAsync(incidentId, desk, reporter, ct).ConfigureAwait(false) != Told.Yes)
            {
                return LateReport.None;
            }

            // Counted only while no walk of this resolution ran since the read above (a late join starts one, which
            // lists this case and counts it) and the count is this resolution's.
            var counted = await states.UpdateAsync(incidentId, f => !f.NotifyPending && f.Desk is { Status: DeskStatus.Resolved } d && d.Resolutions == desk.Resolutions
                && d.LateJoins == desk.LateJoins && d.ReportersToldFor == desk.Resolutions && d.ReportersTold is { } n
                    ? DeskStates.Keep(f, d with { ReportersTold = n + 1 })
                    : null, ct).ConfigureAwait(false);
            Log.LateReporterTold(logger, incidentId, desk.Resolutions, counted is not null);
            return counted is null ? LateReport.None : LateReport.Counted;
        }

        return LateReport.None;
    }

    /// <summary>
    /// The case's card says it is fixed and its reporter's message is queued (each a no-op when done before). The
    /// incident's desk state is read again (alone, <see cref="IHelpdeskStore.GetDeskAsync"/>) after the case is marked
    /// and before anything is queued: a reopening committed before that read makes this take the mark back and tell
    /// nothing (<see cref="Told.Withdrawn"/>); one committed after it finds the mark and clears it (its own step).
    /// Either way no case keeps "fixed" once it was reopened.
    /// </summary>
    private async Task<Told> TellAsync(string incidentId, IncidentDeskState desk, IncidentCase c, CancellationToken ct)
    {
        if (desk.ResolvedAt is not { } fixedAt)
        {
            return Told.No;
        }

        var resolution = desk.Resolutions;
        var verified = IsVerified(desk);
        // The card's delivery is written with the mark: a rerun skips a marked case's card, so a stop between the two
        // must not leave the card unqueued.
        var updated = await cases.UpdateAndShowWithRetryAsync(
            c.CaseId,
            s => Marked(s, resolution, fixedAt) || s.FixedResolution > resolution
                ? null
                : new Transition(s with { FixedAt = fixedAt, FixedResolution = resolution, FixVerified = verified, IncidentId = incidentId, StillBrokenAt = null, FixReopenedAt = null }, "fixed", incidentId),
            "fixed",
            ct).ConfigureAwait(false);
        var current = updated ?? await repository.GetAsync(c.CaseId, ct).ConfigureAwait(false);
        if (current is not { } cs || !Marked(cs.State, resolution, fixedAt))
        {
            // Gone, or a newer resolution's fan-out got there first (it tells this reporter), or the write kept losing
            // to concurrent writes of the case (not done: the step is walked again).
            return current is not { } found ? Told.No
                : found.State.FixedResolution is { } newer && newer > resolution ? Told.Withdrawn
                : Told.Unfinished;
        }

        var key = MessageKey(incidentId, resolution, c.ReporterId);
        if (updated is null && await deliveries.FindAsync(DeliveryEntry.MessageKind, key, ct).ConfigureAwait(false) is not null)
        {
            // Marked by an earlier run (its card queued with the mark) that queued the message too: a re-walk (after a
            // stop, the watch's round) queues nothing again. A mark whose message is missing (a stop between the two)
            // gets its message below.
            return Told.Already;
        }

        if (await store.GetDeskAsync(incidentId, ct).ConfigureAwait(false) is not { Status: DeskStatus.Resolved } now || now.Resolutions != resolution)
        {
            // Reopened since this resolution (or resolved anew, whose own fan-out tells it): nothing was queued yet.
            // The card queued with the mark may have gone out saying fixed: it is queued again with the withdrawal.
            await cases.UpdateAndShowWithRetryAsync(c.CaseId, s => Marked(s, resolution, fixedAt) ? new Transition(s with { FixedAt = null }, "fix-withdrawn", incidentId) : null, "fix-withdrawn", ct).ConfigureAwait(false);
            return Told.Withdrawn;
        }

        var conversation = cs.State.Channel.Reference(cs.State.Reporter);
        // In the reporter's own language, as their case card.
        var t = Localization.UserTexts.For(cs.State.Language);
        var ticket = cs.State.TicketNumber is { } n ? t.FixedMessageTicket(n) : string.Empty;
        var what = desk.ServiceName ?? ReportTarget.Shown(desk.Target, t.TargetEverySite);
        var text = verified ? t.FixedMessageVerified(what, ticket) : t.FixedMessageMarked(what, ticket);
        // True now; dropped at send time if the incident is reopened (or resolved anew) before it goes out.
        // Queued before under the same key: another case of the same reporter (one message per reporter) told them.
        return await delivery.EnqueueMessageAsync(key, conversation, conversation.CreateMessage(text), ResolutionClaim.Of(incidentId, resolution), ct).ConfigureAwait(false)
            ? Told.Yes
            : Told.Already;
    }

    /// <summary>The case shows this resolution's fix (a case marked before marks carried their resolution: by its time).</summary>
    private static bool Marked(CaseState s, int resolution, DateTimeOffset fixedAt) =>
        s.FixedAt is not null && (s.FixedResolution == resolution || (s.FixedResolution is null && s.FixedAt == fixedAt));

    private enum Told
    {
        /// <summary>Marked fixed and its reporter's message queued by this call (card and message).</summary>
        Yes,
        /// <summary>Marked fixed, and the reporter's message queued before (an earlier run, another case of theirs): nothing queued again.</summary>
        Already,
        /// <summary>Nothing to do (no resolution time, or the case went).</summary>
        No,
        /// <summary>The incident was reopened or resolved anew meanwhile: the mark was taken back (or is a newer one's), nothing queued.</summary>
        Withdrawn,
        /// <summary>The case's write kept losing to concurrent writes (or the case changed under it): walked again later.</summary>
        Unfinished,
    }

    /// <summary>
    /// The incident was reopened after resolution <paramref name="resolution"/>: the case's card, if it says fixed by that
    /// resolution or an earlier one, now says it was reopened (the reporter who said "Still broken" already has their own
    /// card). A newer resolution's mark stays. <see cref="Told.Yes"/> when the card was changed now,
    /// <see cref="Told.Unfinished"/> when the case still says fixed by it (its write kept losing).
    /// </summary>
    private async Task<Told> TakeBackAsync(string incidentId, int resolution, DateTimeOffset reopenedAt, IncidentCase c, CancellationToken ct)
    {
        // The card's delivery is written with the case: a rerun skips a case already taken back, so a stop between the
        // two must not leave its card saying "fixed".
        var updated = await cases.UpdateAndShowWithRetryAsync(
            c.CaseId,
            s => TakenBack(s, resolution) ? null : new Transition(s with { FixedAt = null, FixReopenedAt = reopenedAt }, "fix-reopened", incidentId),
            "fix-reopened",
            ct).ConfigureAwait(false);
        if (updated is not null)
        {
            return Told.Yes;
        }

        return await repository.GetAsync(c.CaseId, ct).ConfigureAwait(false) is { } now && !TakenBack(now.State, resolution) ? Told.Unfinished : Told.No;
    }

    /// <summary>The case no longer says fixed by <paramref name="resolution"/> or an earlier one.</summary>
    private static bool TakenBack(CaseState s, int resolution) => s.FixedAt is null || s.FixedResolution > resolution;

    /// <summary>
    /// Whether our own latest check of the target, before the resolution, found it healthy. The watch checks open
    /// incidents at least every 15 minutes, and Resolve without force checks first; a forced resolution keeps the
    /// failing check, and a ticket system's resolution whatever the watch saw last.
    /// </summary>
    public static bool IsVerified(IncidentDeskState desk) => desk.LastProbe is { Healthy: true };

    /// <summary>One message per reporter per resolution of an incident.</summary>
    public static string MessageKey(string incidentId, int resolution, string reporterId) => $"fixed:{incidentId}:{resolution}:{reporterId}";
}

/// <summary>What telling a late reporter did (<see cref="ResolutionFanOut.TellLateReporterAsync"/>).</summary>
internal enum LateReport
{
    /// <summary>Nothing for the card: not resolved, or already told and counted, or counted by a walk.</summary>
    None,

    /// <summary>Told now and counted: the incident card's count changed.</summary>
    Counted,

    /// <summary>The resolution's walk must run again (its flag is set): it tells and counts the reporter.</summary>
    WalkAgain,
}
