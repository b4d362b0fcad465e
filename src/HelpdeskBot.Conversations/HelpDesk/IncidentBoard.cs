using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// Keeps each incident's desk state and its one card in the help-desk channel: a reporter joining, a probe or an
/// action changes the state, and the card is queued for delivery, debounced so a wave of reports costs a few updates.
/// </summary>
internal sealed class IncidentBoard(
    IHelpdeskStore store,
    HelpdeskChannels channels,
    IDeliveryQueue delivery,
    ResolutionFanOut fanOut,
    DeskTexts texts,
    TimeProvider time,
    IOptions<IncidentsOptions> options,
    ILogger<IncidentBoard> logger)
{
    /// <summary>An escalation reached its ticket (or joined the incident's): the incident's card shows it, counted.</summary>
    /// <remarks>
    /// The report belongs to the incident it joined (whose ticket it got), also when that incident was resolved
    /// between the join and now: its reporter is then told of the fix like the others (with "Still broken" to reopen
    /// it), and the card's count of "fixed" messages includes them. A report made after the resolution joins nothing
    /// resolved: it opened a new incident, deliberately.
    /// </remarks>
    /// <returns>The incident whose reporters' walk must run again to tell and count this reporter (the caller starts it); else null.</returns>
    public async Task<string?> ReportedAsync(EscalationRequest request, CancellationToken ct)
    {
        var key = TargetKey.Of(request);
        if ((await store.FindJoinedAsync(key, request.Reporter.UserId, ct).ConfigureAwait(false) ?? await store.FindOpenAsync(key, ct).ConfigureAwait(false)) is not { } incidentId)
        {
            return null;
        }

        await store.AddCaseAsync(incidentId, request.CaseId, request.Reporter.UserId, time.GetUtcNow(), ct).ConfigureAwait(false);
        var routed = await EnsureDeskAsync(incidentId, request, ct).ConfigureAwait(false);
        if (routed)
        {
            await RefreshCardAsync(incidentId, ct).ConfigureAwait(false);
        }

        switch (await fanOut.TellLateReporterAsync(incidentId, new IncidentCase(request.CaseId, request.Reporter.UserId), ct).ConfigureAwait(false))
        {
            case LateReport.Counted when routed:
                await RefreshCardAsync(incidentId, ct).ConfigureAwait(false);
                break;
            case LateReport.WalkAgain:
                return incidentId;
        }

        return null;
    }

    /// <summary>Queues the incident's card: at once for its first send, else after the debounce.</summary>
    public async Task RefreshCardAsync(string incidentId, CancellationToken ct, bool now = false)
    {
        var found = await store.GetAsync(incidentId, ct).ConfigureAwait(false);
        if (found?.Desk is not { ChannelId: not null } desk)
        {
            return;
        }

        DateTimeOffset? notBefore = now || desk.CardActivityId is null ? null : time.GetUtcNow() + options.Value.CardDebounce;
        await delivery.EnqueueCardAsync(new LiveCard(IncidentCardSource.KindName, incidentId), notBefore, ct).ConfigureAwait(false);
    }

    /// <summary>Whether the incident is routed to a channel that is still connected: a message for its thread has somewhere to go.</summary>
    public async Task<bool> HasChannelAsync(string incidentId, CancellationToken ct) =>
        await store.GetAsync(incidentId, ct).ConfigureAwait(false) is { Desk.ChannelId: { } channelId }
        && await channels.FindAsync(channelId, ct).ConfigureAwait(false) is not null;

    /// <summary>
    /// A one-off message in the incident's thread, sent once per <paramref name="key"/>: into the thread the card is
    /// in when it goes out (a deleted thread or channel moves both), after the card when its thread is still to start.
    /// False (nothing queued) when the incident has no channel.
    /// </summary>
    public Task<bool> SayInThreadAsync(string incidentId, string key, string text, CancellationToken ct) =>
        SayInThreadAsync(incidentId, key, text, null, ct);

    /// <param name="claim">What the message says that may stop being so before it goes out (checked then; null: nothing).</param>
    public async Task<bool> SayInThreadAsync(string incidentId, string key, string text, MessageClaim? claim, CancellationToken ct)
    {
        if (!await HasChannelAsync(incidentId, ct).ConfigureAwait(false))
        {
            return false;
        }

        await delivery.EnqueueThreadMessageAsync(key, new LiveCard(IncidentCardSource.KindName, incidentId), new Activity { Type = ActivityTypes.Message, Text = text, ChannelId = "msteams" }, claim, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Writes the desk state of an incident the desk has not seen, routed to its channel. True when it has a channel.</summary>
    private async Task<bool> EnsureDeskAsync(string incidentId, EscalationRequest lead, CancellationToken ct)
    {
        for (var attempt = 0; attempt < DeskStates.MaxConflictRetries; attempt++)
        {
            var found = await store.GetAsync(incidentId, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"Incident {incidentId} vanished.");
            if (found.Desk is { } existing)
            {
                if (existing.ChannelId is not null)
                {
                    return true;
                }

                // Opened before any channel was connected: route it now if one is.
                if (await channels.RouteAsync(existing.OwningTeam, ct).ConfigureAwait(false) is not { } late)
                {
                    return false;
                }

                if (await store.TryUpdateAsync(incidentId, found.Version, DeskStates.Keep(found, existing with { ChannelId = late.ChannelId }), ct).ConfigureAwait(false))
                {
                    return true;
                }

                continue;
            }

            var channel = await channels.RouteAsync(lead.Route.OwningTeam, ct).ConfigureAwait(false);
            var verdict = lead.Diagnosis?.Verdict;

            // The hop that produced the error; a check that saw the site work names the server that answered it, which
            // produced no error ("Error: HTTP 502 from nginx" would blame it).
            var producer = verdict is { Kind: not Probes.Diagnosis.VerdictKind.Healthy } or { ErrorStatus: not null } ? verdict.AnsweredBy : null;
            var desk = new IncidentDeskState
            {
                Target = lead.Diagnosis?.Target.Url ?? lead.Target,
                ServiceName = lead.Route.ServiceName,
                OwningTeam = lead.Route.OwningTeam,
                StatusCode = lead.StatusCode,
                Producer = producer is { } hop ? IncidentCards.Producer(hop.Product, hop.Role, texts) : null,
                ProducerProduct = producer?.Product,
                ProducerRole = producer?.Role,
                ChannelId = channel?.ChannelId,
                LastProbe = lead.Diagnosis is { } d ? DeskProbe.Snapshot(d, texts) : null,
                WatchInterval = options.Value.WatchInterval,
            };
            var first = time.GetUtcNow() + options.Value.WatchInterval;
            if (await store.TryUpdateAsync(incidentId, found.Version, new DeskUpdate(desk, found.Incident.Closed, first, false), ct).ConfigureAwait(false))
            {
                return channel is not null;
            }
        }

        Log.BoardFailed(logger, new InvalidOperationException("write conflicts"), incidentId);
        return false;
    }
}
