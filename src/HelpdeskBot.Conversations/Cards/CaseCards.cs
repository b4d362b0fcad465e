using System.Globalization;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Conversations.Cards;

/// <summary>
/// The one card of a case, rendered from its stored state: acknowledgement, diagnosis + step, outcome, in the language
/// the case was reported in (<see cref="CaseState.Language"/>). Every button carries the case id and the version it was rendered at (stale and double clicks).
/// </summary>
internal sealed class CaseCards(RunbookCatalog runbooks, Microsoft.Extensions.Options.IOptions<ConversationsOptions> options)
{
    /// <param name="notice">One line under the card's content, answering the click that rendered it.</param>
    public AdaptiveCard Render(CaseRecord record, CaseState state, string? notice = null)
    {
        var t = UserTexts.For(state.Language);
        var body = new List<CardElement> { Header(state, t) };
        var actions = new List<CardAction>();
        var data = new CardData(record.CaseId, record.Version);
        switch (state.Phase)
        {
            case CasePhase.AwaitingTarget:
                body.Add(new TextBlock(state.ReportedStatusCode is { } code
                    ? t.WhichSiteWithCode(code.ToString(CultureInfo.InvariantCulture))
                    : t.WhichSite) { Weight = TextWeight.Bolder });
                body.Add(new InputText(Verbs.TargetInput)
                {
                    Label = t.TargetLabel,
                    Placeholder = t.TargetPlaceholder,
                    IsRequired = true,
                    ErrorMessage = t.TargetError,
                    MaxLength = 300,
                });
                actions.Add(data.Execute(Verbs.Target, t.CheckIt, style: ActionStyle.Positive));
                actions.Add(data.Execute(Verbs.Cancel, t.Cancel, sendInputs: false));
                break;
            case CasePhase.Diagnosing:
                body.Add(new TextBlock(state.Target is null ? t.LookingAtConnection : t.CheckingTarget(CardText.Literal(state.Target))) { Weight = TextWeight.Bolder });
                body.Add(new TextBlock(t.CheckingDetail) { IsSubtle = true, Spacing = Spacing.Small });
                break;
            case CasePhase.OnStep:
                AddDiagnosis(body, state, t);
                AddStep(body, actions, state, data, t);
                break;
            case CasePhase.Escalated when state.FixedAt is { } fixedAt:
                // The fix is what the reader needs now; the diagnosis, worded in the present, is what our servers saw then.
                AddFixed(body, actions, state, fixedAt, data, t);
                AddDiagnosis(body, state, t, asReported: true);
                break;
            case CasePhase.Escalated:
                AddDiagnosis(body, state, t);
                AddEscalated(body, actions, state, data, t);
                break;
            case CasePhase.Resolved:
                body.Add(new TextBlock(t.GladItWorks) { Weight = TextWeight.Bolder, Size = TextSize.Medium, Color = TextColor.Good });
                if (state.Rating is null)
                {
                    body.Add(new TextBlock(t.DidThisHelp) { Spacing = Spacing.Small });
                    actions.Add(data.Execute(Verbs.Rate, t.RateHelpful, new() { [Verbs.RatingKey] = "5" }, ActionStyle.Positive));
                    actions.Add(data.Execute(Verbs.Rate, t.RateSoSo, new() { [Verbs.RatingKey] = "3" }));
                    actions.Add(data.Execute(Verbs.Rate, t.RateNotHelpful, new() { [Verbs.RatingKey] = "1" }));
                }
                else
                {
                    body.Add(new TextBlock(t.ThanksFeedback) { IsSubtle = true, Spacing = Spacing.Small });
                }

                break;
            case CasePhase.Abandoned:
                body.Add(new TextBlock(t.ClosedAfter(t.Duration(options.Value.CaseIdleTimeout))) { Weight = TextWeight.Bolder });
                if (state.PhaseBeforeAbandon == CasePhase.OnStep && CurrentStep(state) is { } left)
                {
                    body.Add(new TextBlock(t.YouWereOnStep(StepNumber(state), left.Title)) { Spacing = Spacing.Small });
                }

                body.Add(new TextBlock(state.Target is not null && state.PhaseBeforeAbandon == CasePhase.Diagnosing
                    ? t.ResumeChecksAgain
                    : t.ResumePicksUp) { Spacing = Spacing.Small });
                actions.Add(data.Execute(Verbs.Resume, t.Resume, style: ActionStyle.Positive, sendInputs: false));
                break;
            case CasePhase.Cancelled:
                body.Add(new TextBlock(t.Cancelled) { IsSubtle = true });
                break;
        }

        if (notice is not null)
        {
            body.Add(new TextBlock(notice) { Color = TextColor.Warning, Spacing = Spacing.Medium });
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = actions.Count > 0 ? actions : null,
            MsTeams = IsShared(state) && Mention(state) is { } mention ? TeamsCardProperties.FullWidth with { Entities = [mention] } : TeamsCardProperties.FullWidth,
            FallbackText = Fallback(state, t),
            Refresh = state.Phase is CasePhase.OnStep or CasePhase.Diagnosing or CasePhase.Escalated
                ? new CardRefresh(data.Execute(Verbs.Refresh, t.Refresh, sendInputs: false), [state.Reporter.UserId])
                : null,
        };
    }

    private Container Header(CaseState state, UserTexts t)
    {
        var runbook = RunbookOf(state);
        var what = runbook?.Title ?? (state.ReportedStatusCode is { } c ? $"HTTP {c.ToString(CultureInfo.InvariantCulture)}" : t.ProblemReport);
        var where = state.Target is null ? (state.Scope == ReportScope.AllSites ? t.EverySite : t.SiteNotNamed) : CardText.Literal(state.ServiceName ?? state.Target);
        return new Container(
        [
            new RichTextBlock([new TextRun(what) { Weight = TextWeight.Bolder, Size = TextSize.Medium }, new TextRun(" · " + where) { Size = TextSize.Medium }]),
            new TextBlock(t.ReportedBy(CardText.LocalDateTime(state.StartedAt), Who(state))) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None },
        ]);
    }

    /// <summary>A group chat or channel, where the card should say (and notify) whose check it is.</summary>
    private static bool IsShared(CaseState state) => state.Channel.ConversationType is "groupChat" or "channel";

    private static string Who(CaseState state) =>
        IsShared(state) && Mention(state) is { } mention ? mention.Text : CardText.Literal(state.Reporter.Name, 60);

    /// <summary>The reporter as a Teams mention, so in a busy group chat they are notified when their card changes.</summary>
    private static CardMention? Mention(CaseState state)
    {
        var name = CardText.Literal(state.Reporter.Name, 60);
        return string.IsNullOrEmpty(state.Reporter.UserId) || name.Length == 0
            ? null
            : new CardMention($"<at>{name}</at>", new CardMentioned(state.Reporter.UserId, name));
    }

    private static void AddDiagnosis(List<CardElement> body, CaseState state, UserTexts t, bool asReported = false)
    {
        if (state.Diagnosis is { } d)
        {
            body.AddRange(EvidenceSection.Build(d, state.ServiceName ?? state.Target ?? d.Target.Host, t, asReported));
        }
        else if (state.Scope == ReportScope.AllSites)
        {
            body.Add(new Container(
            [
                new TextBlock(t.AllSitesHeadline) { Weight = TextWeight.Bolder },
                new TextBlock(t.AllSitesNext) { Spacing = Spacing.Small },
            ]) { Style = ContainerStyle.Warning, Spacing = Spacing.Medium });
        }
    }

    private void AddStep(List<CardElement> body, List<CardAction> actions, CaseState state, CardData data, UserTexts t)
    {
        if (CurrentStep(state) is not { } step)
        {
            return;
        }

        body.Add(new TextBlock(t.StepHeading(StepNumber(state), step.Title)) { Weight = TextWeight.Bolder, Size = TextSize.Medium, Spacing = Spacing.Large, Separator = true });
        if (step.IsPlatformSpecific)
        {
            body.Add(new TextBlock(state.Platform == Platform.Unknown ? t.PickYourSystem : t.InstructionsFor(PlatformNames.Display(state.Platform))) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Small });
        }

        body.Add(new TextBlock(step.InstructionsFor(state.Platform)) { Spacing = Spacing.Small });
        if (step.IsPlatformSpecific)
        {
            body.Add(new InputChoiceSet(Verbs.PlatformInput, PlatformNames.All.Select(p => new Choice(PlatformNames.Display(p), PlatformNames.Key(p))).ToList())
            {
                Label = t.YourSystem,
                Style = ChoiceInputStyle.Compact,
                Value = state.Platform == Platform.Unknown ? null : PlatformNames.Key(state.Platform),
                Placeholder = t.ChooseYourSystem,
            });
            body.Add(new ActionSet([data.Execute(Verbs.Platform, t.ShowInstructions)]) { Spacing = Spacing.Small });
        }

        foreach (var answer in step.Answers)
        {
            actions.Add(data.Execute(Verbs.Answer, answer.Title, new() { [Verbs.StepKey] = step.Id, [Verbs.AnswerKey] = answer.Id },
                answer.Outcome == AnswerOutcome.Resolved ? ActionStyle.Positive : null));
        }

        if (state.Target is not null)
        {
            actions.Add(data.Execute(Verbs.Recheck, t.CheckAgain, sendInputs: false));
        }

        if (step.Answers.All(a => a.Outcome != AnswerOutcome.Escalate))
        {
            actions.Add(data.Execute(Verbs.Escalate, t.EscalateNow, sendInputs: false));
        }
    }

    private static void AddFixed(List<CardElement> body, List<CardAction> actions, CaseState state, DateTimeOffset fixedAt, CardData data, UserTexts t)
    {
        body.Add(new TextBlock(state.FixVerified
            ? t.FixedVerified(CardText.LocalDateTime(fixedAt))
            : t.FixedMarked(CardText.LocalDateTime(fixedAt))) { Weight = TextWeight.Bolder, Color = TextColor.Good, Spacing = Spacing.Medium });
        if (state.TicketNumber is { } number)
        {
            body.Add(new TextBlock(t.TicketCreated(CardText.Literal(number, 40))) { Spacing = Spacing.Small });
        }

        body.Add(new TextBlock(t.StillFailingPrompt) { Spacing = Spacing.Small });
        actions.Add(data.Execute(Verbs.StillBroken, t.StillBroken, sendInputs: false));
    }

    private void AddEscalated(List<CardElement> body, List<CardAction> actions, CaseState state, CardData data, UserTexts t)
    {
        if (state.StillBrokenAt is not null)
        {
            body.Add(new TextBlock(state.StillBrokenToChannel ? t.StillBrokenThanks : t.StillBrokenNoChannel) { Weight = TextWeight.Bolder, Color = TextColor.Warning, Spacing = Spacing.Large, Separator = true });
        }
        else if (state.FixReopenedAt is not null)
        {
            body.Add(new TextBlock(t.FixReopened) { Weight = TextWeight.Bolder, Color = TextColor.Warning, Spacing = Spacing.Large, Separator = true });
        }

        var serverSide = state.EscalationReason == EscalationReason.ServerSideFault;
        body.Add(new TextBlock(serverSide
            ? t.EscalatedServerSide
            : t.EscalatedWithSteps) { Spacing = Spacing.Large, Separator = true });
        if (state.TicketNumber is { } number)
        {
            var affected = state.AffectedUsers > 1 ? " · " + t.PeopleAffected(state.AffectedUsers) : string.Empty;
            body.Add(new TextBlock(t.TicketCreated(CardText.Literal(number, 40)) + affected) { Weight = TextWeight.Bolder, Color = TextColor.Good });
            if (state.TicketUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp))
            {
                actions.Add(new ActionOpenUrl(u.AbsoluteUri) { Title = t.OpenTicket(CardText.Literal(number, 40)) });
            }
        }
        else if (state.ParkedReason is not null)
        {
            // Only when the help-desk channel got the notice may the card say someone was told.
            body.Add(new TextBlock(state.ParkedAnnounced
                ? t.ParkedAnnounced
                : t.ParkedSaved) { Weight = TextWeight.Bolder, Color = TextColor.Warning });
        }
        else
        {
            body.Add(new TextBlock(t.TicketQueued) { Weight = TextWeight.Bolder });
        }

        // Our servers saw the site working, yet it was escalated: the reporter may ask to hear when the help desk fixes it.
        if (state.TicketNumber is not null && state.Diagnosis?.Verdict.Kind == VerdictKind.Healthy)
        {
            if (state.FollowsFix)
            {
                body.Add(new TextBlock(t.FollowingFix) { Spacing = Spacing.Small });
            }
            else
            {
                actions.Add(data.Execute(Verbs.FollowFix, t.FollowFixButton, sendInputs: false));
            }
        }

        if (state.Answers.Count > 0)
        {
            // The case keeps each answer's English words for the ticket; the reader sees them in the case's language.
            var runbook = RunbookOf(state);
            body.Add(new FactSet(state.Answers.Select(a => runbook?.FindStep(a.StepId) is { } step
                    ? new Fact(CardText.Literal(step.Title, 80), CardText.Literal(step.Answers.FirstOrDefault(x => x.Id == a.Answer)?.Title ?? a.AnswerText, 60))
                    : new Fact(CardText.Literal(a.Title, 80), CardText.Literal(a.AnswerText, 60))).ToList()) { Spacing = Spacing.Medium });
        }
    }

    /// <summary>Where a case stands, for the status list; null when the status alone says it.</summary>
    public string? Progress(CaseState state, UserTexts t) => state.Phase switch
    {
        CasePhase.AwaitingTarget => t.ProgressAwaitingTarget,
        CasePhase.Diagnosing => t.ProgressDiagnosing,
        CasePhase.OnStep when CurrentStep(state) is { } step => t.ProgressStep(StepNumber(state), step.Title),
        CasePhase.Escalated when state.TicketNumber is null => state.ParkedReason is null ? t.ProgressTicketQueued : t.ProgressParked,
        _ => null,
    };

    /// <summary>The step the case is on, in the case's language, or null.</summary>
    public RunbookStep? CurrentStep(CaseState state) =>
        state.CurrentStepId is { } id ? RunbookOf(state)?.FindStep(id) : null;

    /// <summary>The case's runbook with its texts in the case's language.</summary>
    private Runbook? RunbookOf(CaseState state) => state.RunbookId is { } id ? runbooks.Find(id, state.Language) : null;

    /// <summary>Steps are numbered as the user meets them: skipped ones do not count.</summary>
    public static string StepNumber(CaseState state) => (state.Answers.Count + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>What notifications, the chat list and screen readers show for the card: the state in a few words.</summary>
    private string Fallback(CaseState state, UserTexts t) => state.Phase switch
    {
        CasePhase.AwaitingTarget => t.FallbackAwaitingTarget,
        CasePhase.Diagnosing => state.Target is null ? t.LookingAtConnection : t.CheckingTarget(state.Target),
        CasePhase.OnStep when CurrentStep(state) is { } step => t.StepHeading(StepNumber(state), step.Title),
        CasePhase.Escalated when state.FixedAt is not null => state.FixVerified ? t.FallbackFixed : t.FallbackMarkedFixed,
        CasePhase.Escalated => state.TicketNumber is { } n ? t.TicketCreated(n) : t.FallbackQueued,
        CasePhase.Resolved => t.GladItWorks,
        CasePhase.Abandoned => t.FallbackAbandoned,
        CasePhase.Cancelled => t.FallbackCancelled,
        _ => t.FallbackDefault,
    };

    /// <summary>Builds the actions of one case card at one version.</summary>
    private sealed record CardData(string CaseId, long Version)
    {
        public ActionExecute Execute(string verb, string title, Dictionary<string, string>? extra = null, ActionStyle? style = null, bool sendInputs = true)
        {
            var data = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [Verbs.CaseIdKey] = CaseId,
                [Verbs.VersionKey] = Version.ToString(CultureInfo.InvariantCulture),
            };
            foreach (var (k, v) in extra ?? [])
            {
                data[k] = v;
            }

            return ActionExecute.WithSubmitFallback(verb, title, data, style, sendInputs);
        }
    }
}
