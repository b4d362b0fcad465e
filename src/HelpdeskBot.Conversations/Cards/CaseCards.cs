using System.Globalization;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Conversations.Cards;

/// <summary>
/// The one card of a case, rendered from its stored state: acknowledgement, diagnosis + step, outcome.
/// Every button carries the case id and the version it was rendered at (stale and double clicks).
/// </summary>
internal sealed class CaseCards(RunbookCatalog runbooks, Microsoft.Extensions.Options.IOptions<ConversationsOptions> options)
{
    /// <summary>The notice when "Tell me when it's fixed" finds no open incident about the site.</summary>
    public const string NothingToFollow = "The help desk has no open incident about this site right now, so there is nothing to follow yet. Your ticket stays with them.";

    /// <param name="notice">One line under the card's content, answering the click that rendered it.</param>
    public AdaptiveCard Render(CaseRecord record, CaseState state, string? notice = null)
    {
        var body = new List<CardElement> { Header(state) };
        var actions = new List<CardAction>();
        var data = new CardData(record.CaseId, record.Version);
        switch (state.Phase)
        {
            case CasePhase.AwaitingTarget:
                body.Add(new TextBlock(state.ReportedStatusCode is { } code
                    ? $"Which site gives you the {code.ToString(CultureInfo.InvariantCulture)}?"
                    : "Which site is it?") { Weight = TextWeight.Bolder });
                body.Add(new InputText(Verbs.TargetInput)
                {
                    Label = "Address or name of the site",
                    Placeholder = "e.g. wiki.contoso.com or the HR portal",
                    IsRequired = true,
                    ErrorMessage = "Type the address or name of the site.",
                    MaxLength = 300,
                });
                actions.Add(data.Execute(Verbs.Target, "Check it", style: ActionStyle.Positive));
                actions.Add(data.Execute(Verbs.Cancel, "Cancel", sendInputs: false));
                break;
            case CasePhase.Diagnosing:
                body.Add(new TextBlock(state.Target is null ? "Looking at your connection…" : $"Checking {CardText.Literal(state.Target)} from our servers…") { Weight = TextWeight.Bolder });
                body.Add(new TextBlock("Name lookup with several resolvers, connection, TLS and a few HTTP requests. This takes a few seconds.") { IsSubtle = true, Spacing = Spacing.Small });
                break;
            case CasePhase.OnStep:
                AddDiagnosis(body, state);
                AddStep(body, actions, state, data);
                break;
            case CasePhase.Escalated:
                AddDiagnosis(body, state);
                AddEscalated(body, actions, state, data);
                break;
            case CasePhase.Resolved:
                body.Add(new TextBlock("Glad it works again!") { Weight = TextWeight.Bolder, Size = TextSize.Medium, Color = TextColor.Good });
                if (state.Rating is null)
                {
                    body.Add(new TextBlock("Did this help?") { Spacing = Spacing.Small });
                    actions.Add(data.Execute(Verbs.Rate, "👍 Helpful", new() { [Verbs.RatingKey] = "5" }, ActionStyle.Positive));
                    actions.Add(data.Execute(Verbs.Rate, "😐 So-so", new() { [Verbs.RatingKey] = "3" }));
                    actions.Add(data.Execute(Verbs.Rate, "👎 Not helpful", new() { [Verbs.RatingKey] = "1" }));
                }
                else
                {
                    body.Add(new TextBlock("Thanks for the feedback.") { IsSubtle = true, Spacing = Spacing.Small });
                }

                break;
            case CasePhase.Abandoned:
                body.Add(new TextBlock($"I closed this check after {CardText.Duration(options.Value.CaseIdleTimeout)} without an answer.") { Weight = TextWeight.Bolder });
                if (state.PhaseBeforeAbandon == CasePhase.OnStep && CurrentStep(state) is { } left)
                {
                    body.Add(new TextBlock($"You were on step {StepNumber(state)}: {left.Title}.") { Spacing = Spacing.Small });
                }

                body.Add(new TextBlock(state.Target is not null && state.PhaseBeforeAbandon == CasePhase.Diagnosing
                    ? "Still broken? Resume checks the site again."
                    : "Still broken? Resume picks up where you left off.") { Spacing = Spacing.Small });
                actions.Add(data.Execute(Verbs.Resume, "Resume", style: ActionStyle.Positive, sendInputs: false));
                break;
            case CasePhase.Cancelled:
                body.Add(new TextBlock("Cancelled. Tell me about a problem any time.") { IsSubtle = true });
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
            FallbackText = Fallback(state),
            Refresh = state.Phase is CasePhase.OnStep or CasePhase.Diagnosing or CasePhase.Escalated
                ? new CardRefresh(data.Execute(Verbs.Refresh, "Refresh", sendInputs: false), [state.Reporter.UserId])
                : null,
        };
    }

    private Container Header(CaseState state)
    {
        var runbook = state.RunbookId is null ? null : runbooks.Find(state.RunbookId);
        var what = runbook?.Title ?? (state.ReportedStatusCode is { } c ? $"HTTP {c.ToString(CultureInfo.InvariantCulture)}" : "Problem report");
        var where = state.Target is null ? (state.Scope == ReportScope.AllSites ? "every site" : "site not named yet") : CardText.Literal(state.ServiceName ?? state.Target);
        return new Container(
        [
            new RichTextBlock([new TextRun(what) { Weight = TextWeight.Bolder, Size = TextSize.Medium }, new TextRun(" · " + where) { Size = TextSize.Medium }]),
            new TextBlock($"Reported {CardText.LocalDateTime(state.StartedAt)} · {Who(state)}") { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None },
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

    private static void AddDiagnosis(List<CardElement> body, CaseState state)
    {
        if (state.Diagnosis is { } d)
        {
            body.AddRange(EvidenceSection.Build(d, state.ServiceName ?? state.Target ?? d.Target.Host));
        }
        else if (state.Scope == ReportScope.AllSites)
        {
            body.Add(new Container(
            [
                new TextBlock("Every site fails for you, so the problem is most likely between your device and the internet.") { Weight = TextWeight.Bolder },
                new TextBlock("Let's check your connection step by step.") { Spacing = Spacing.Small },
            ]) { Style = ContainerStyle.Warning, Spacing = Spacing.Medium });
        }
    }

    private void AddStep(List<CardElement> body, List<CardAction> actions, CaseState state, CardData data)
    {
        if (CurrentStep(state) is not { } step)
        {
            return;
        }

        body.Add(new TextBlock($"Step {StepNumber(state)}: {step.Title}") { Weight = TextWeight.Bolder, Size = TextSize.Medium, Spacing = Spacing.Large, Separator = true });
        if (step.IsPlatformSpecific)
        {
            body.Add(new TextBlock(state.Platform == Platform.Unknown ? "Pick your system for exact instructions:" : $"Instructions for {PlatformNames.Display(state.Platform)}") { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Small });
        }

        body.Add(new TextBlock(step.InstructionsFor(state.Platform)) { Spacing = Spacing.Small });
        if (step.IsPlatformSpecific)
        {
            body.Add(new InputChoiceSet(Verbs.PlatformInput, PlatformNames.All.Select(p => new Choice(PlatformNames.Display(p), PlatformNames.Key(p))).ToList())
            {
                Label = "Your system",
                Style = ChoiceInputStyle.Compact,
                Value = state.Platform == Platform.Unknown ? null : PlatformNames.Key(state.Platform),
                Placeholder = "Choose your system",
            });
            body.Add(new ActionSet([data.Execute(Verbs.Platform, "Show instructions for this system")]) { Spacing = Spacing.Small });
        }

        foreach (var answer in step.Answers)
        {
            actions.Add(data.Execute(Verbs.Answer, answer.Title, new() { [Verbs.StepKey] = step.Id, [Verbs.AnswerKey] = answer.Id },
                answer.Outcome == AnswerOutcome.Resolved ? ActionStyle.Positive : null));
        }

        if (state.Target is not null)
        {
            actions.Add(data.Execute(Verbs.Recheck, "Check again", sendInputs: false));
        }

        if (step.Answers.All(a => a.Outcome != AnswerOutcome.Escalate))
        {
            actions.Add(data.Execute(Verbs.Escalate, "Escalate now", sendInputs: false));
        }
    }

    private void AddEscalated(List<CardElement> body, List<CardAction> actions, CaseState state, CardData data)
    {
        if (state.FixedAt is { } fixedAt)
        {
            body.Add(new TextBlock(state.FixVerified
                ? $"Fixed since {CardText.LocalDateTime(fixedAt)}: the help desk resolved it and our servers see it working."
                : $"Marked fixed by the help desk since {CardText.LocalDateTime(fixedAt)}.") { Weight = TextWeight.Bolder, Color = TextColor.Good, Spacing = Spacing.Large, Separator = true });
            body.Add(new TextBlock("Still failing for you? Tell the help desk and I'll check it again.") { Spacing = Spacing.Small });
            actions.Add(data.Execute(Verbs.StillBroken, "Still broken", sendInputs: false));
            return;
        }

        if (state.StillBrokenAt is not null)
        {
            body.Add(new TextBlock("Thanks — I've told the help desk it is still broken for you, reopened the incident and I'm checking it again.") { Weight = TextWeight.Bolder, Color = TextColor.Warning, Spacing = Spacing.Large, Separator = true });
        }

        var serverSide = state.EscalationReason == EscalationReason.ServerSideFault;
        body.Add(new TextBlock(serverSide
            ? "Nothing on your side can fix this, so I've passed it to the help desk with everything our servers saw."
            : "I've passed this to the help desk with everything we tried, so you don't have to explain it again.") { Spacing = Spacing.Large, Separator = true });
        if (state.TicketNumber is { } number)
        {
            var affected = state.AffectedUsers > 1 ? $" · {state.AffectedUsers.ToString(CultureInfo.InvariantCulture)} people affected" : string.Empty;
            body.Add(new TextBlock($"Ticket {CardText.Literal(number, 40)} created{affected}") { Weight = TextWeight.Bolder, Color = TextColor.Good });
            if (state.TicketUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp))
            {
                actions.Add(new ActionOpenUrl(u.AbsoluteUri) { Title = $"Open {CardText.Literal(number, 40)}" });
            }
        }
        else if (state.ParkedReason is not null)
        {
            // Only when the help-desk channel got the notice may the card say someone was told.
            body.Add(new TextBlock(state.ParkedAnnounced
                ? "The ticket system is not answering. Your report is saved and the help desk has been told; nothing is lost."
                : "The ticket system is not answering. Your report is saved and will be sent when an admin replays it; nothing is lost.") { Weight = TextWeight.Bolder, Color = TextColor.Warning });
        }
        else
        {
            body.Add(new TextBlock("Ticket queued… the number will appear here.") { Weight = TextWeight.Bolder });
        }

        // Our servers saw the site working, yet it was escalated: the reporter may ask to hear when the help desk fixes it.
        if (state.TicketNumber is not null && state.Diagnosis?.Verdict.Kind == VerdictKind.Healthy)
        {
            if (state.FollowsFix)
            {
                body.Add(new TextBlock("I'll tell you here when the help desk marks it fixed.") { Spacing = Spacing.Small });
            }
            else
            {
                actions.Add(data.Execute(Verbs.FollowFix, "Tell me when it's fixed", sendInputs: false));
            }
        }

        if (state.Answers.Count > 0)
        {
            body.Add(new FactSet(state.Answers.Select(a => new Fact(CardText.Literal(a.Title, 80), CardText.Literal(a.AnswerText, 60))).ToList()) { Spacing = Spacing.Medium });
        }
    }

    /// <summary>Where a case stands, for the status list; null when the status alone says it.</summary>
    public string? Progress(CaseState state) => state.Phase switch
    {
        CasePhase.AwaitingTarget => "waiting for the site's address",
        CasePhase.Diagnosing => "checking from our servers",
        CasePhase.OnStep when CurrentStep(state) is { } step => $"step {StepNumber(state)}: {step.Title}",
        CasePhase.Escalated when state.TicketNumber is null => state.ParkedReason is null ? "ticket queued" : "ticket system not answering, report saved",
        _ => null,
    };

    /// <summary>The step the case is on, or null.</summary>
    public RunbookStep? CurrentStep(CaseState state) =>
        state.CurrentStepId is { } id && state.RunbookId is { } rb ? runbooks.Find(rb)?.FindStep(id) : null;

    /// <summary>Steps are numbered as the user meets them: skipped ones do not count.</summary>
    public static string StepNumber(CaseState state) => (state.Answers.Count + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>What notifications, the chat list and screen readers show for the card: the state in a few words.</summary>
    private string Fallback(CaseState state) => state.Phase switch
    {
        CasePhase.AwaitingTarget => "Which site is it? Reply with its address or name.",
        CasePhase.Diagnosing => state.Target is null ? "Looking at your connection…" : $"Checking {state.Target} from our servers…",
        CasePhase.OnStep when CurrentStep(state) is { } step => $"Step {StepNumber(state)}: {step.Title}",
        CasePhase.Escalated when state.FixedAt is not null => "Fixed: the help desk resolved it",
        CasePhase.Escalated => state.TicketNumber is { } n ? $"Ticket {n} created" : "Passed to the help desk, ticket queued",
        CasePhase.Resolved => "Glad it works again!",
        CasePhase.Abandoned => "Check closed after no answer. Resume to continue.",
        CasePhase.Cancelled => "Check cancelled.",
        _ => "HelpdeskBot troubleshooting",
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
