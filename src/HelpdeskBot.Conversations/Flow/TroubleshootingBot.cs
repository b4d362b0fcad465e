using System.Data.Common;
using System.Text.Json;
using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Protocol.Routing;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using InvokeAction = HelpdeskBot.Protocol.Activities.CardAction;


namespace HelpdeskBot.Conversations.Flow;

/// <summary>
/// The Teams side of the troubleshooting conversation: messages become reports or commands, card clicks move
/// cases on. Answers at once (typing + acknowledgement card); probes run in the background.
/// </summary>
internal sealed class TroubleshootingBot(
    ReportParser parser,
    CaseEngine engine,
    CaseRepository repository,
    CaseService cases,
    CaseCards cards,
    HelpDesk.HelpdeskTurns helpdesk,
    HelpDesk.IncidentDesk incidents,
    Localization.LanguageTurns languages,
    Localization.UserLanguages userLanguages,
    TimeProvider time,
    IOptions<ConversationsOptions> options,
    ILogger<TroubleshootingBot> logger) : IBotHandler
{
    public async Task OnMessageAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (await helpdesk.TryConnectCommandAsync(turn, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var m = parser.Parse(turn.Text);
        var t = await TextsAsync(turn, cancellationToken).ConfigureAwait(false);
        var user = turn.Activity.From?.Id ?? string.Empty;
        var conversation = turn.Activity.Conversation?.Id ?? string.Empty;
        switch (m.Intent)
        {
            case Intent.Help:
                await SendCardAsync(turn, InfoCards.Help(t, welcome: false), cancellationToken).ConfigureAwait(false);
                return;
            case Intent.Status:
                var mine = await repository.ListByUserAsync(user, options.Value.StatusListSize, cancellationToken).ConfigureAwait(false);
                await SendCardAsync(turn, InfoCards.Status(t, mine, cards.Progress), cancellationToken).ConfigureAwait(false);
                return;
            case Intent.Cancel or Intent.StartOver:
                var cancelled = await CancelOpenAsync(conversation, user, cancellationToken).ConfigureAwait(false);
                await turn.SendTextAsync(m.Intent == Intent.StartOver ? t.ReplyStartOver : cancelled ? t.Cancelled : t.ReplyNothingToCancel, cancellationToken).ConfigureAwait(false);
                return;
            case Intent.SmallTalk:
                await turn.SendTextAsync(t.ReplySmallTalk, cancellationToken).ConfigureAwait(false);
                return;
            case Intent.Report:
                await StartReportAsync(turn, m, t, cancellationToken).ConfigureAwait(false);
                return;
            case Intent.Language:
                await languages.ShowPickerAsync(turn, cancellationToken).ConfigureAwait(false);
                return;
            case Intent.Explain when m.StatusCode is { } code:
                await turn.SendTextAsync(StatusCodeMeaning.Explain(code, t), cancellationToken).ConfigureAwait(false);
                return;
        }

        // A site answers "which site?" of an open case; a message that is nothing but a site starts a check of it.
        if (m.Target is not null)
        {
            var open = await repository.FindOpenAsync(conversation, user, cancellationToken).ConfigureAwait(false);
            if (open is { State.Phase: CasePhase.AwaitingTarget } o)
            {
                var done = await cases.UpdateWithRetryAsync(o.Record.CaseId, s => s.Phase == CasePhase.AwaitingTarget ? engine.WithTarget(s, m) : null, "target", cancellationToken).ConfigureAwait(false);
                if (done is { } d)
                {
                    await cases.PublishAsync(d.Record.CaseId, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }

            if (m.TargetOnly)
            {
                await StartReportAsync(turn, m with { Intent = Intent.Report, Problem = ProblemKind.Unspecified, Scope = ReportScope.ThisSite }, t, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        await turn.SendTextAsync(t.ReplyNotUnderstood, cancellationToken).ConfigureAwait(false);
    }

    public async Task OnSubmitAsync(TurnContext turn, JsonElement value, CancellationToken cancellationToken)
    {
        var data = HelpDesk.HelpdeskTurns.Strings(value);
        if (data.GetValueOrDefault(ActionExecute.VerbDataKey) is { } deskVerb
            && await helpdesk.OnActionAsync(turn, deskVerb, data, cancellationToken).ConfigureAwait(false) is { } deskCard)
        {
            // The Action.Submit fallback of an old client: the clicked card is replaced as Action.Execute would.
            if (turn.Activity.ReplyToId is { } clicked)
            {
                await turn.UpdateAsync(clicked, CaseCardPublisher.Message(deskCard), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (data.GetValueOrDefault(ActionExecute.VerbDataKey) == LanguageCards.ChooseVerb)
        {
            // The Action.Submit fallback: the picker stays as it was, the confirmation comes as a message.
            var chosen = await languages.ChooseAsync(turn, data, cancellationToken).ConfigureAwait(false);
            await turn.SendAsync(CaseCardPublisher.Message(chosen ?? UnknownLanguage(turn)), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (CaseAction.From(null, value) is not { } action)
        {
            await OnMessageAsync(turn, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (card, message, caseId) = await HandleActionAsync(turn, action, cancellationToken).ConfigureAwait(false);
        if (card is not null && caseId is not null)
        {
            // Action.Submit has no card in its answer: the case's card is updated by a durable delivery.
            await cases.PublishAsync(caseId, cancellationToken).ConfigureAwait(false);
        }
        else if (message is not null)
        {
            await turn.SendTextAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<InvokeResponse> OnCardActionAsync(TurnContext turn, InvokeAction action, CancellationToken cancellationToken)
    {
        if (action.Verb is { } verb && await helpdesk.OnActionAsync(turn, verb, HelpDesk.HelpdeskTurns.Strings(action.Data), cancellationToken).ConfigureAwait(false) is { } deskCard)
        {
            return InvokeResponse.Card(CardsJsonContext.ToElement(deskCard));
        }

        if (action.Verb == LanguageCards.ChooseVerb)
        {
            var chosen = await languages.ChooseAsync(turn, HelpDesk.HelpdeskTurns.Strings(action.Data), cancellationToken).ConfigureAwait(false);
            return InvokeResponse.Card(CardsJsonContext.ToElement(chosen ?? UnknownLanguage(turn)));
        }

        if (CaseAction.From(action.Verb, action.Data) is not { } a)
        {
            return InvokeResponse.Error(400, "UnknownVerb", "This card action is not known.");
        }

        var (card, message, _) = await HandleActionAsync(turn, a, cancellationToken).ConfigureAwait(false);
        return card is not null ? InvokeResponse.Card(CardsJsonContext.ToElement(card)) : InvokeResponse.Message(message ?? (await TextsAsync(turn, cancellationToken).ConfigureAwait(false)).ReplyDone);
    }

    public Task OnConversationEventAsync(TurnContext turn, string eventType, CancellationToken cancellationToken) =>
        helpdesk.OnTeamEventAsync(turn, eventType, cancellationToken);

    public Task OnMembersRemovedAsync(TurnContext turn, IReadOnlyList<ChannelAccount> membersRemoved, bool botRemoved, CancellationToken cancellationToken)
    {
        helpdesk.OnMembersRemoved(turn);
        return Task.CompletedTask;
    }

    public async Task OnMembersAddedAsync(TurnContext turn, IReadOnlyList<ChannelAccount> membersAdded, bool botAdded, CancellationToken cancellationToken)
    {
        if (botAdded && await helpdesk.TryWelcomeAsync(turn, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (botAdded)
        {
            await SendCardAsync(turn, InfoCards.Help(await TextsAsync(turn, cancellationToken).ConfigureAwait(false), welcome: true), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StartReportAsync(TurnContext turn, MessageUnderstanding m, Localization.UserTexts t, CancellationToken ct)
    {
        var a = turn.Activity;
        var reference = turn.Reference ?? throw new InvalidOperationException("A report needs a conversation to answer to.");
        var reporter = new CaseParticipant(a.From?.Id ?? string.Empty, a.From?.Name ?? "you", a.From?.AadObjectId, a.TenantId);
        var channel = new CaseChannel(reference.ServiceUrl, reference.ConversationId, reference.ConversationType, reference.BotId, reference.BotName, reference.TenantId);
        var state = engine.Start(m, reporter, channel, ClientPlatform(a), t.Language) with { TraceParent = ConversationTelemetry.CurrentTraceParent() };

        // Stored first, with the acknowledgement's delivery in the same write: the acknowledgement then promises only
        // what the store holds, and it is itself a durable delivery (sent at once by the dispatcher, retried through
        // connector outages), so this request never waits on the connector. A store that cannot be written gets an
        // honest refusal instead of an acknowledgement. A case to diagnose is queued by the same write.
        var caseId = CaseRepository.NewId();
        ConversationTelemetry.TagUpwards(ConversationTelemetry.CaseId, caseId);
        CaseRecord record;
        try
        {
            record = await cases.OpenAsync(caseId, reference.ConversationId, reporter.UserId, state, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or IOException)
        {
            Log.ReportNotStored(logger, ex);
            await turn.SendTextAsync(t.ReplyNotStored, ct).ConfigureAwait(false);
            return;
        }

        Log.CaseOpened(logger, caseId, m.Problem.ToString(), m.StatusCode, m.Target, m.Scope.ToString());
        if (state.Phase != CasePhase.Diagnosing)
        {
            return;
        }

        if (state.Target is not null)
        {
            return; // queued by the insert, which woke the diagnosis dispatcher
        }

        // Every site fails for the user and none was named: nothing to probe, their network is the suspect.
        if (await cases.CommitAsync(record, engine.AfterDiagnosis(state, null), ct).ConfigureAwait(false) is not null)
        {
            await cases.PublishAsync(caseId, ct).ConfigureAwait(false);
        }
    }

    private async Task<(AdaptiveCard? Card, string? Message, string? CaseId)> HandleActionAsync(TurnContext turn, CaseAction action, CancellationToken ct)
    {
        var found = await repository.GetAsync(action.CaseId, ct).ConfigureAwait(false);
        if (found is not { } c)
        {
            return (null, (await TextsAsync(turn, ct).ConfigureAwait(false)).ReplyCaseNotFound, null);
        }

        if (!string.Equals(c.Record.UserId, turn.Activity.From?.Id, StringComparison.Ordinal))
        {
            Log.NotOwner(logger, c.Record.CaseId);
            return (null, (await TextsAsync(turn, ct).ConfigureAwait(false)).ReplyNotOwner(CardText.Literal(c.State.Reporter.Name, 60)), null);
        }

        if (c.Record.Status == CaseStatus.Open && time.GetUtcNow() - c.Record.UpdatedAt > options.Value.CaseIdleTimeout
            && await cases.CommitAsync(c.Record, CaseEngine.Abandon(c.State), ct).ConfigureAwait(false) is { } expired)
        {
            Log.Abandoned(logger, c.Record.CaseId, time.GetUtcNow() - c.Record.UpdatedAt);
            c = expired;
            if (action.Verb != Verbs.Resume)
            {
                return (cards.Render(c.Record, c.State), null, c.Record.CaseId);
            }

            action = action with { Version = c.Record.Version };
        }

        if (action.Verb == Verbs.Refresh)
        {
            return (cards.Render(c.Record, c.State), null, c.Record.CaseId);
        }

        if (action.Version != c.Record.Version)
        {
            // A stale card or the second click of a double click: nothing is applied twice.
            Log.StaleClick(logger, c.Record.CaseId, action.Version, c.Record.Version);
            return (cards.Render(c.Record, c.State), null, c.Record.CaseId);
        }

        if (action.Verb == Verbs.StillBroken)
        {
            return await StillBrokenAsync(turn, c, ct).ConfigureAwait(false);
        }

        if (action.Verb == Verbs.FollowFix)
        {
            return await FollowFixAsync(c, ct).ConfigureAwait(false);
        }

        if (engine.Apply(c.State, action) is not { } t)
        {
            return (cards.Render(c.Record, c.State), null, c.Record.CaseId);
        }

        var committed = await cases.CommitAsync(c.Record, t, ct).ConfigureAwait(false)
            ?? await repository.GetAsync(c.Record.CaseId, ct).ConfigureAwait(false)
            ?? c;
        Log.CaseAction(logger, c.Record.CaseId, c.Record.Version, action.Verb, committed.State.Phase.ToString(), committed.State.CurrentStepId);
        return (cards.Render(committed.Record, committed.State), null, committed.Record.CaseId);
    }

    /// <summary>"Still broken" on a fixed case: the incident reopens and is checked again, and its channel's thread hears of it (in the background).</summary>
    private async Task<(AdaptiveCard? Card, string? Message, string? CardId)> StillBrokenAsync(TurnContext turn, (CaseRecord Record, CaseState State) c, CancellationToken ct)
    {
        if (c.State is not { FixedAt: not null, IncidentId: { } incidentId })
        {
            return (cards.Render(c.Record, c.State), null, c.State.CardActivityId);
        }

        // Said as it is at the click: the thread post is queued durably only when the incident has a channel.
        var toChannel = await incidents.HasChannelAsync(incidentId, ct).ConfigureAwait(false);
        var moved = await cases.UpdateWithRetryAsync(c.Record.CaseId, s => s.FixedAt is null ? null : new Transition(s with { FixedAt = null, StillBrokenAt = time.GetUtcNow(), StillBrokenToChannel = toChannel }, "still-broken", incidentId), "still-broken", ct).ConfigureAwait(false);
        if (moved is { } m)
        {
            var name = c.State.Reporter.Name;
            turn.RunInBackground((_, background) => incidents.ReporterStillBrokenAsync(incidentId, name, background));
            c = m;
        }

        return (cards.Render(c.Record, c.State), null, c.State.CardActivityId);
    }

    /// <summary>"Tell me when it's fixed" on a case that looked healthy and was escalated anyway: it joins the open incident's reporters.</summary>
    private async Task<(AdaptiveCard? Card, string? Message, string? CaseId)> FollowFixAsync((CaseRecord Record, CaseState State) c, CancellationToken ct)
    {
        if (c.State is not { Phase: CasePhase.Escalated, FixedAt: null, FollowsFix: false, Target: { } target })
        {
            return (cards.Render(c.Record, c.State), null, c.Record.CaseId);
        }

        if (await incidents.FollowAsync(TargetKey.Of(c.State.Diagnosis, target), c.Record.CaseId, c.State.Reporter.UserId, ct).ConfigureAwait(false) is not { } incidentId)
        {
            return (cards.Render(c.Record, c.State, UserTexts.For(c.State.Language).NothingToFollow), null, c.Record.CaseId);
        }

        var followed = await cases.UpdateWithRetryAsync(c.Record.CaseId, s => s.FollowsFix ? null : new Transition(s with { FollowsFix = true }, "follow-fix", incidentId), "follow-fix", ct).ConfigureAwait(false);
        c = followed ?? await repository.GetAsync(c.Record.CaseId, ct).ConfigureAwait(false) ?? c;
        return (cards.Render(c.Record, c.State), null, c.Record.CaseId);
    }

    private async Task<bool> CancelOpenAsync(string conversation, string user, CancellationToken ct)
    {
        var open = await repository.FindOpenAsync(conversation, user, ct).ConfigureAwait(false);
        if (open is not { } o)
        {
            return false;
        }

        var done = await cases.UpdateWithRetryAsync(o.Record.CaseId, s => s.Phase is CasePhase.Escalated or CasePhase.Resolved or CasePhase.Cancelled ? null : CaseEngine.Cancel(s), "cancel", ct).ConfigureAwait(false);
        if (done is { } d && CaseRepository.CardActivityOf(d.Record, d.State) is not null)
        {
            // The old card shows "Cancelled".
            await cases.PublishAsync(d.Record.CaseId, ct).ConfigureAwait(false);
        }

        return done is not null;
    }

    /// <summary>A click naming no shipped language (a forged or outdated card): the picker again, nothing kept.</summary>
    private static AdaptiveCard UnknownLanguage(TurnContext turn) =>
        LanguageCards.Picker(Localization.UserTexts.For(Localization.Languages.Resolve(turn.Activity.Locale)), chosen: false);

    /// <summary>The texts of the language this activity's sender is answered in (their choice, else their Teams locale).</summary>
    private async ValueTask<Localization.UserTexts> TextsAsync(TurnContext turn, CancellationToken ct) =>
        Localization.UserTexts.For(await userLanguages.ForAsync(turn.Activity, ct).ConfigureAwait(false));

    private static Task<ResourceResponse> SendCardAsync(TurnContext turn, AdaptiveCard card, CancellationToken ct) => turn.SendAsync(CaseCardPublisher.Message(card), ct);

    /// <summary>Teams' clientInfo entity says which client sent the message (Windows, Mac, iOS, Android, Web).</summary>
    private static Platform ClientPlatform(Activity a)
    {
        foreach (var e in a.Entities ?? [])
        {
            if (string.Equals(e.Type, "clientInfo", StringComparison.OrdinalIgnoreCase)
                && e.AdditionalProperties?.TryGetValue("platform", out var p) == true && p.ValueKind == JsonValueKind.String)
            {
                return PlatformNames.FromTeamsClient(p.GetString());
            }
        }

        return Platform.Unknown;
    }
}
