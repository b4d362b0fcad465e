using HelpdeskBot.Tickets;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// What the help desk does with an incident, from the channel card, the web pages, the admin API, the watch and the
/// ticket systems. Every action is a conditional write of the desk state: a double click or a stale card finds
/// the state already there and changes nothing (<see cref="IncidentActionOutcome.Unchanged"/>).
/// </summary>
internal sealed class IncidentDesk(
    IHelpdeskStore store,
    DeskStates states,
    IncidentBoard board,
    IncidentCards cards,
    DeskProbe probe,
    FanOutWalks walks,
    ITicketProvider tickets,
    IIncidentStore incidents,
    DeskTexts texts,
    TimeProvider time,
    ILogger<IncidentDesk> logger) : IIncidentDesk
{
    /// <summary>The ticket page's Take: it also takes an incident over from another agent (the page shows no assignee).</summary>
    public Task<IncidentActionResult> TakeAsync(string incidentId, HelpdeskAgent agent, CancellationToken cancellationToken) =>
        TakeAsync(incidentId, agent, takeOver: true, cancellationToken);

    /// <param name="takeOver">
    /// False for the channel card's "Take it", offered only while nobody has the incident: a click on a card drawn before
    /// another agent took it changes nothing and says who has it, rather than silently taking it from them.
    /// </param>
    public async Task<IncidentActionResult> TakeAsync(string incidentId, HelpdeskAgent agent, bool takeOver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var now = time.GetUtcNow();
        var done = await states.UpdateAsync(incidentId, f => f.Desk!.Status == DeskStatus.New || (takeOver && f.Desk.Status == DeskStatus.Taken && f.Desk.TakenById != agent.Id)
            ? DeskStates.Keep(f, f.Desk with { Status = DeskStatus.Taken, TakenById = agent.Id, TakenByName = agent.Name, TakenAt = now, LastEvent = null, LastEventText = null })
            : null, cancellationToken).ConfigureAwait(false);
        if (done is null && !takeOver && await store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is { Desk: { Status: DeskStatus.Taken, TakenById: { } holder } desk } && holder != agent.Id)
        {
            Log.IncidentAction(logger, incidentId, "take", agent.Via, "taken-by-another");
            return new IncidentActionResult(IncidentActionOutcome.Unchanged, texts.EventAlreadyTakenBy(desk.TakenByName ?? texts.AnAgent));
        }

        return await AfterAsync(incidentId, "take", agent.Via, done is null ? null : texts.EventTakenBy(agent.Name), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IncidentActionResult> CheckNowAsync(string incidentId, HelpdeskAgent agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (await store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is not { Desk: { } desk })
        {
            return new IncidentActionResult(IncidentActionOutcome.NotFound);
        }

        var snapshot = await probe.CheckAsync(desk.Target, cancellationToken).ConfigureAwait(false);
        await RecordProbeAsync(incidentId, snapshot, cancellationToken).ConfigureAwait(false);
        Log.IncidentAction(logger, incidentId, "check", agent.Via, snapshot.Healthy ? "healthy" : "failing");
        await board.RefreshCardAsync(incidentId, cancellationToken, now: true).ConfigureAwait(false);
        return new IncidentActionResult(IncidentActionOutcome.Done, snapshot.Summary);
    }

    public async Task<IncidentActionResult> AddNoteAsync(string incidentId, HelpdeskAgent agent, string note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (string.IsNullOrWhiteSpace(note))
        {
            return new IncidentActionResult(IncidentActionOutcome.Unchanged, texts.EventNoteFirst);
        }

        if (await store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is not { Desk: not null } found)
        {
            return new IncidentActionResult(IncidentActionOutcome.NotFound);
        }

        if (found.Incident.Ticket is not { } ticket)
        {
            return new IncidentActionResult(IncidentActionOutcome.Unchanged, texts.EventNoTicketYet);
        }

        var body = new TicketDocument([new DocParagraph(new DocText(texts.NoteFrom(agent.Name), Bold: true), new DocText(note.Trim()))]);
        var on = await tickets.AddNoteAsync(ticket, new TicketComment(agent.Name, body, null, NoteKey(incidentId, found.Desk.Notes, agent.Id, note)), cancellationToken).ConfigureAwait(false);
        if (on.Number != ticket.Number)
        {
            // The ticket was closed for good: the follow-up that carries the note is the incident's ticket from now on
            // (notes go there, and the watch reads its status back).
            await incidents.AttachTicketAsync(incidentId, on, cancellationToken).ConfigureAwait(false);
            Log.NoteOnFollowUp(logger, incidentId, ticket.Number, on.Number);
        }

        // The card says where the note went: on the ticket, or on the follow-up of the closed one.
        var (said, saidText) = on.Number == ticket.Number
            ? (texts.EventNoteAddedBy(agent.Name), DeskText.Of(nameof(DeskTexts.EventNoteAddedBy), agent.Name))
            : (texts.EventNoteFollowUp(ticket.Number, on.Number), DeskText.Of(nameof(DeskTexts.EventNoteFollowUp), ticket.Number, on.Number));
        await states.UpdateAsync(incidentId, f => DeskStates.Keep(f, f.Desk! with { Notes = f.Desk.Notes + 1, LastEvent = said, LastEventText = saidText }), cancellationToken).ConfigureAwait(false);
        return await AfterAsync(incidentId, "note", agent.Via, on.Number == ticket.Number ? texts.EventNoteAddedTo(ticket.Number) : texts.EventNoteFollowUp(ticket.Number, on.Number), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The idempotency key of an agent's note: the incident, how many notes it had stored before, the agent and the note's
    /// text. A stop between the ticket system's answer and the stored count leaves the count as it was, so the same note
    /// sent again has the same key and is not added twice; a different note, or the same one after the count moved on, is.
    /// </summary>
    internal static string NoteKey(string incidentId, int notesBefore, string agentId, string note)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{agentId}\n{note.Trim()}"));
        return $"{incidentId}:note-{notesBefore + 1}:{Convert.ToHexStringLower(hash.AsSpan(0, 8))}";
    }

    public async Task<IncidentActionResult> ResolveAsync(string incidentId, HelpdeskAgent agent, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (await store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is not { Desk: { } desk })
        {
            return new IncidentActionResult(IncidentActionOutcome.NotFound);
        }

        if (desk.Status == DeskStatus.Resolved)
        {
            return new IncidentActionResult(IncidentActionOutcome.Unchanged, texts.EventAlreadyResolved);
        }

        // "Resolve anyway" (the channel's card, the ticket page) answers a question: "still failing — resolve anyway?" or
        // "looks fixed — resolve and tell?". Clicked on a card or page drawn before the question went away (the site failed
        // again, the incident was resolved and reopened) it would resolve without a check on evidence that no longer holds
        // and tell every reporter "fixed".
        if (force && desk.ConfirmResolveEvidence is null && cards.LooksFixed(desk) is null)
        {
            return new IncidentActionResult(IncidentActionOutcome.Unchanged, texts.EventResolveQuestionGone(texts.CardResolve));
        }

        if (!force)
        {
            // Nobody calls it fixed before our servers have looked again.
            var snapshot = await probe.CheckAsync(desk.Target, cancellationToken).ConfigureAwait(false);
            if (!snapshot.Healthy)
            {
                await states.UpdateAsync(incidentId, f => f.Desk!.Status == DeskStatus.Resolved ? null : DeskStates.Keep(f, f.Desk with
                {
                    LastProbe = snapshot,
                    HealthyStreak = 0,
                    HealthySince = null,
                    ConfirmResolveEvidence = snapshot.Summary,
                    ConfirmResolveProbe = snapshot,
                }), cancellationToken).ConfigureAwait(false);
                Log.IncidentAction(logger, incidentId, "resolve", agent.Via, "still-failing");
                await board.RefreshCardAsync(incidentId, cancellationToken, now: true).ConfigureAwait(false);
                return new IncidentActionResult(IncidentActionOutcome.StillFailing, snapshot.Summary);
            }

            await RecordProbeAsync(incidentId, snapshot, cancellationToken).ConfigureAwait(false);
        }

        return await ResolveNowAsync(incidentId, agent.Name, agent.Via, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IncidentActionResult> ReopenAsync(string incidentId, HelpdeskAgent agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return await ReopenAsync(incidentId, DeskText.Of(nameof(DeskTexts.EventReopenedBy), agent.Name), agent.Via, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IncidentActionResult> ResolvedInTicketSystemAsync(string incidentId, string source, DateTimeOffset? changedAt, CancellationToken cancellationToken)
    {
        if (changedAt is { } at && await store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is { Desk: { ReopenedAt: { } reopened } desk }
            && desk.ReopenedSince(at))
        {
            // Once per reopening at Information: the watch reads the ticket every round, and a receiver retries.
            if (await states.UpdateAsync(incidentId, f => f.Desk!.ReopenedAt != reopened || f.Desk.OlderResolutionLoggedFor == reopened ? null : DeskStates.Keep(f, f.Desk with { OlderResolutionLoggedFor = reopened }), cancellationToken).ConfigureAwait(false) is not null)
            {
                Log.IncidentAction(logger, incidentId, "resolve", source, "older-than-reopen");
            }
            else
            {
                Log.OlderResolutionAgain(logger, incidentId, source);
            }

            return new IncidentActionResult(IncidentActionOutcome.Unchanged) { ReopenedAt = reopened };
        }

        return await ResolveNowAsync(incidentId, DeskText.Of(nameof(DeskTexts.ResolvedByTicketSystem), source), source, changedAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The incident card's "Keep it open" after "resolve anyway?": the question goes away.</summary>
    public async Task<IncidentActionResult> KeepOpenAsync(string incidentId, HelpdeskAgent agent, CancellationToken cancellationToken)
    {
        var done = await states.UpdateAsync(incidentId, f => f.Desk!.ConfirmResolveEvidence is null ? null : DeskStates.Keep(f, f.Desk with { ConfirmResolveEvidence = null, ConfirmResolveProbe = null }), cancellationToken).ConfigureAwait(false);
        return await AfterAsync(incidentId, "keep-open", agent.Via, done is null ? null : texts.EventKeptOpen, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A reporter says it is still broken after the fix: the incident reopens, is re-probed, and the thread says so.</summary>
    public async Task<IncidentActionResult> ReporterStillBrokenAsync(string incidentId, string reporterName, CancellationToken cancellationToken)
    {
        var result = await ReopenAsync(incidentId, DeskText.Of(nameof(DeskTexts.EventReopenedStillBroken), reporterName), "reporter", cancellationToken).ConfigureAwait(false);
        if (result.Outcome == IncidentActionOutcome.NotFound)
        {
            return result;
        }

        await board.SayInThreadAsync(incidentId, $"stillbroken:{incidentId}:{reporterName}", texts.ThreadStillBroken(reporterName), cancellationToken).ConfigureAwait(false);
        if (await store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is { Desk: { } desk })
        {
            var snapshot = await probe.CheckAsync(desk.Target, cancellationToken).ConfigureAwait(false);
            await RecordProbeAsync(incidentId, snapshot, cancellationToken).ConfigureAwait(false);
            await board.RefreshCardAsync(incidentId, cancellationToken, now: true).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Whether the incident's card lives in a connected channel (so its thread can be told).</summary>
    public Task<bool> HasChannelAsync(string incidentId, CancellationToken ct) => board.HasChannelAsync(incidentId, ct);

    /// <summary>
    /// "Tell me when it's fixed": the case becomes a reporter of the open incident on <paramref name="targetKey"/> (a
    /// no-op when it already is), so the resolution tells it once. Null when no incident about the target is open.
    /// </summary>
    public async Task<string?> FollowAsync(string targetKey, string caseId, string reporterId, CancellationToken ct)
    {
        if (await store.FindOpenAsync(targetKey, ct).ConfigureAwait(false) is not { } incidentId)
        {
            return null;
        }

        await store.AddCaseAsync(incidentId, caseId, reporterId, time.GetUtcNow(), ct).ConfigureAwait(false);
        return incidentId;
    }

    /// <summary>
    /// Resolves without re-checking (forced, automatic, or from the ticket system); every reporter is told in the
    /// background (<see cref="FanOutWalks"/>), so this returns once the resolution is written.
    /// </summary>
    /// <param name="byName">The agent who resolved it.</param>
    public Task<IncidentActionResult> ResolveNowAsync(string incidentId, string byName, string via, CancellationToken cancellationToken) =>
        ResolveNowAsync(incidentId, byName, null, via, null, cancellationToken);

    /// <summary>Resolved by something the help desk's catalogue names (the watch): worded each time the card is drawn.</summary>
    public Task<IncidentActionResult> ResolveNowAsync(string incidentId, DeskText by, string via, CancellationToken cancellationToken) =>
        ResolveNowAsync(incidentId, by, via, null, cancellationToken);

    private Task<IncidentActionResult> ResolveNowAsync(string incidentId, DeskText by, string via, DateTimeOffset? changedAt, CancellationToken cancellationToken) =>
        ResolveNowAsync(incidentId, by.In(texts) ?? by.Key, by, via, changedAt, cancellationToken);

    /// <param name="byText">Who resolved it when a text of the catalogue says it (kept as facts beside <paramref name="byName"/>).</param>
    /// <param name="changedAt">When the ticket system's change happened; a reopening since (written meanwhile) wins.</param>
    private async Task<IncidentActionResult> ResolveNowAsync(string incidentId, string byName, DeskText? byText, string via, DateTimeOffset? changedAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var done = await states.UpdateAsync(incidentId, f => f.Desk!.Status == DeskStatus.Resolved || (changedAt is { } at && f.Desk.ReopenedSince(at)) ? null : new DeskUpdate(
            f.Desk with
            {
                Status = DeskStatus.Resolved,
                ResolvedAt = now,
                TicketResolvedAt = changedAt ?? f.Desk.TicketResolvedAt,
                ResolvedByName = byName,
                ResolvedBy = byText,
                Resolutions = f.Desk.Resolutions + 1,
                ConfirmResolveEvidence = null,
                ConfirmResolveProbe = null,
                LastEvent = null,
                LastEventText = null,
            },
            Closed: true,
            NextWatchAt: null,
            NotifyPending: true), cancellationToken).ConfigureAwait(false);
        if (done is null)
        {
            return await AfterAsync(incidentId, "resolve", via, null, cancellationToken).ConfigureAwait(false);
        }

        // Every reporter is told in the background: the click answers now, its card saying "Telling N reporters…". The
        // flag written with the resolution makes the watch finish the walk if it fails or the process stops mid-way.
        walks.Start(incidentId);
        return await AfterAsync(incidentId, "resolve", via, texts.EventResolved(done.Value.Before.Incident.AffectedUsers), cancellationToken).ConfigureAwait(false);
    }

    /// <param name="why">What reopened it, kept as facts: the card words it in the language of the moment.</param>
    private async Task<IncidentActionResult> ReopenAsync(string incidentId, DeskText why, string via, CancellationToken ct)
    {
        var next = time.GetUtcNow();
        var words = why.In(texts) ?? why.Key;
        var done = await states.UpdateAsync(incidentId, f => f.Desk!.Status != DeskStatus.Resolved ? null : new DeskUpdate(
            f.Desk with
            {
                Status = f.Desk.TakenById is null ? DeskStatus.New : DeskStatus.Taken,
                ResolvedAt = null,
                ResolvedByName = null,
                ResolvedBy = null,
                ReopenedAt = next,
                HealthyStreak = 0,
                HealthySince = null,
                LastEvent = words,
                LastEventText = why,
            },
            Closed: false,
            NextWatchAt: next,
            NotifyPending: true), ct).ConfigureAwait(false);
        if (done is not null)
        {
            // Reporters told it was fixed no longer read "fixed" on their cards, in the background. The flag written
            // with the reopening makes the watch finish this if it fails or the process stops mid-way.
            walks.Start(incidentId);
        }

        if (done is null && await store.GetAsync(incidentId, ct).ConfigureAwait(false) is { Desk.Status: DeskStatus.Resolved })
        {
            // Another report about the target opened a new incident meanwhile: that one is where the work is.
            return new IncidentActionResult(IncidentActionOutcome.Unchanged, texts.EventNewerIncident);
        }

        return await AfterAsync(incidentId, "reopen", via, done is null ? null : words, ct).ConfigureAwait(false);
    }

    private async Task RecordProbeAsync(string incidentId, ProbeSnapshot snapshot, CancellationToken ct) =>
        await states.UpdateAsync(incidentId, f => DeskStates.Keep(f, f.Desk! with
        {
            LastProbe = snapshot,
            HealthyStreak = snapshot.Healthy ? f.Desk.HealthyStreak + 1 : 0,
            HealthySince = snapshot.Healthy ? f.Desk.HealthySince ?? snapshot.At : null,
            ConfirmResolveEvidence = snapshot.Healthy ? null : f.Desk.ConfirmResolveEvidence,
            ConfirmResolveProbe = snapshot.Healthy ? null : f.Desk.ConfirmResolveProbe,
        }), ct).ConfigureAwait(false);

    private async Task<IncidentActionResult> AfterAsync(string incidentId, string action, string via, string? doneDetail, CancellationToken ct)
    {
        if (doneDetail is null)
        {
            var exists = await store.GetAsync(incidentId, ct).ConfigureAwait(false) is { Desk: not null };
            Log.IncidentAction(logger, incidentId, action, via, exists ? "unchanged" : "not-found");
            return new IncidentActionResult(exists ? IncidentActionOutcome.Unchanged : IncidentActionOutcome.NotFound);
        }

        Log.IncidentAction(logger, incidentId, action, via, "done");
        await board.RefreshCardAsync(incidentId, ct, now: true).ConfigureAwait(false);
        return new IncidentActionResult(IncidentActionOutcome.Done, doneDetail);
    }
}
