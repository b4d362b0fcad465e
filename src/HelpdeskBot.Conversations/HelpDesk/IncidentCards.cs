using System.Globalization;
using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// The help desk's cards in its channel, worded for agents ("the user", never "you"): the incident card, the
/// welcome card that connects a channel, the parked-escalation notice and reminders.
/// </summary>
internal sealed class IncidentCards(IOptions<IncidentsOptions> options, DeskTexts t)
{
    /// <summary>Names shown on the card at most; the rest are counted.</summary>
    private const int NamesShown = 8;

    public string OnlyAgents => t.CardOnlyAgents;

    /// <summary>Who produced the error, in the help desk's words: "nginx/1.22.1 (reverse proxy)".</summary>
    public static string Producer(string product, Probes.Diagnosis.HopRole role, DeskTexts t) => HopWords.Producer(product, role, t.Catalogue);

    public AdaptiveCard Incident(DeskIncident found, string? notice = null)
    {
        var incident = found.Incident;
        var desk = found.Desk ?? throw new InvalidOperationException($"Incident {incident.IncidentId} has no desk state.");
        var data = new Data(incident.IncidentId, found.Version);
        var body = new List<CardElement>();
        if (notice is not null)
        {
            body.Add(new TextBlock(CardText.Literal(notice, 300)) { Color = TextColor.Attention, Weight = TextWeight.Bolder });
        }

        var (statusText, color) = Status(desk);
        var target = ReportTarget.Shown(desk.Target, t.TargetEverySite);
        var producer = desk is { ProducerProduct: { } product, ProducerRole: { } role } ? Producer(product, role, t) : desk.Producer;
        var what = desk.StatusCode is { } code ? $"HTTP {code.ToString(CultureInfo.InvariantCulture)}" : t.CardSiteProblem;
        body.Add(new RichTextBlock([
            new TextRun($"{what} · {CardText.Literal(desk.ServiceName ?? target, 80)}") { Weight = TextWeight.Bolder, Size = TextSize.Medium },
        ]));
        body.Add(new TextBlock(statusText) { Color = color, Weight = TextWeight.Bolder, Spacing = Spacing.Small });
        if (Reporters(found) is { } reporters)
        {
            body.Add(new TextBlock(reporters) { IsSubtle = true, Spacing = Spacing.None });
        }

        var people = t.People(incident.AffectedUsers);
        var names = string.Join(", ", incident.ReporterNames.Take(NamesShown).Select(n => CardText.Literal(n, 40)));
        if (incident.ReporterNames.Count > NamesShown)
        {
            names = t.CardNamesMore(names, t.Number(incident.ReporterNames.Count - NamesShown));
        }

        var facts = new List<Fact>
        {
            new(t.CardTarget, CardText.Literal(target, 120)),
            new(t.CardError, producer is null ? what : t.CardErrorFrom(what, CardText.Literal(producer, 80))),
            new(t.CardAffected, names.Length == 0 ? people : t.CardAffectedNames(people, names)),
            new(t.CardFirstReport, CardText.LocalDateTime(incident.OpenedAt)),
            new(t.CardLastReport, CardText.LocalDateTime(incident.LastReportAt)),
            new(t.CardTicket, incident.Ticket is { } ticket ? CardText.Literal(ticket.Number, 40) : t.CardTicketNotYet),
        };
        if (desk.LastProbe is { } probe)
        {
            facts.Add(new Fact(t.CardLatestCheck, $"{(probe.Healthy ? "✅" : "❌")} {CardText.Literal(DeskProbe.Words(probe, t), 200)} ({CardText.LocalDateTime(probe.At)})"));
        }

        if (desk.Notes > 0)
        {
            facts.Add(new Fact(t.CardNotes, t.CardNotesOnTicket(t.Number(desk.Notes))));
        }

        body.Add(new FactSet(facts) { Spacing = Spacing.Medium });
        if ((desk.LastEventText?.In(t) ?? desk.LastEvent) is { } last)
        {
            body.Add(new TextBlock(CardText.Literal(last, 300)) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Small });
        }

        var actions = new List<CardAction>();
        if (desk.Status == DeskStatus.Resolved)
        {
            actions.Add(data.Execute(DeskVerbs.Reopen, t.CardReopen));
        }
        else if (desk.ConfirmResolveEvidence is { } stored)
        {
            var evidence = desk.ConfirmResolveProbe is { } check ? DeskProbe.Words(check, t) : stored;
            body.Add(new Container(
            [
                new TextBlock(t.CardStillFailing) { Weight = TextWeight.Bolder },
                new TextBlock(CardText.Literal(evidence, 300)) { Spacing = Spacing.Small },
            ]) { Style = ContainerStyle.Attention, Spacing = Spacing.Medium });
            actions.Add(data.Execute(DeskVerbs.ResolveAnyway, t.CardResolveAnyway(people), ActionStyle.Destructive));
            actions.Add(data.Execute(DeskVerbs.KeepOpen, t.CardKeepOpen));
        }
        else
        {
            if (LooksFixed(desk) is { } since)
            {
                body.Add(new Container(
                [
                    new TextBlock(t.CardLooksFixed(CardText.LocalDateTime(since), people)) { Weight = TextWeight.Bolder, Wrap = true },
                ]) { Style = ContainerStyle.Good, Spacing = Spacing.Medium });
                actions.Add(data.Execute(DeskVerbs.ResolveAnyway, t.CardResolveAndTell(people), ActionStyle.Positive));
            }

            if (desk.Status == DeskStatus.New)
            {
                actions.Add(data.Execute(DeskVerbs.Take, t.CardTake, ActionStyle.Positive));
            }

            actions.Add(data.Execute(DeskVerbs.Check, t.CardCheckNow));
            if (LooksFixed(desk) is null)
            {
                actions.Add(data.Execute(DeskVerbs.Resolve, t.CardResolve));
            }
        }

        if (incident.Ticket is not null)
        {
            body.Add(new InputText(DeskVerbs.NoteInput) { Label = t.CardNoteLabel, Placeholder = t.CardNotePlaceholder, IsMultiline = true, MaxLength = 2000, Spacing = Spacing.Medium });
            body.Add(new ActionSet([data.Execute(DeskVerbs.Note, t.CardAddNote, sendInputs: true)]));
        }

        if (incident.Ticket?.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp))
        {
            actions.Add(new ActionOpenUrl(u.AbsoluteUri) { Title = t.CardOpenTicket(CardText.Literal(incident.Ticket.Number, 40)) });
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = actions,
            MsTeams = TeamsCardProperties.FullWidth,
            FallbackText = t.CardFallback(what, target, people, statusText),
        };
    }

    /// <summary>The command that connects a channel, as typed (English: what the bot understands).</summary>
    public const string ConnectCommand = "@HelpdeskBot " + DeskVerbs.ConnectCommand;

    /// <summary>The stop command as typed in a channel, for every team's escalations (the commands stay English).</summary>
    public const string StopHereCommand = "@HelpdeskBot " + DeskVerbs.StopCommand + " here";

    /// <summary>The K-th consecutive healthy check's streak start, while the incident is open.</summary>
    public DateTimeOffset? LooksFixed(IncidentDeskState desk) =>
        desk.Status != DeskStatus.Resolved && desk.HealthyStreak >= options.Value.HealthyChecks ? desk.HealthySince : null;

    private (string Text, TextColor Color) Status(IncidentDeskState desk) => desk.Status switch
    {
        DeskStatus.Resolved => (t.StatusResolvedBy(CardText.Literal(desk.ResolvedBy?.In(t) ?? desk.ResolvedByName ?? t.TheHelpDesk, 60)) + When(desk.ResolvedAt), TextColor.Good),
        DeskStatus.Taken => (t.StatusTakenBy(CardText.Literal(desk.TakenByName ?? t.AnAgent, 60)) + When(desk.TakenAt), TextColor.Accent),
        _ => (t.StatusNew, TextColor.Attention),
    };

    /// <summary>
    /// Where telling the reporters of a resolution stands, as stored: while the walk is pending, how many it tells;
    /// once it is done, how many reporters' messages it queued (sent or durably queued, never a guess). Null otherwise.
    /// </summary>
    private string? Reporters(DeskIncident found) => found.Desk switch
    {
        { Status: DeskStatus.Resolved } when found is { NotifyPending: true, PendingReporters: { } pending } => t.CardTellingReporters(pending),
        { Status: DeskStatus.Resolved, ReportersTold: { } told } d when !found.NotifyPending && d.ReportersToldFor == d.Resolutions => t.CardFixMessagesQueued(told),
        _ => null,
    };

    private static string When(DateTimeOffset? at) => at is { } t ? " · " + CardText.LocalDateTime(t) : string.Empty;

    /// <summary>Posted in General when the bot is added to a team, and the answer to "use this channel for escalations".</summary>
    /// <param name="connectedChannelName">The channel just connected; null for the welcome that offers to connect one.</param>
    /// <param name="teamIsTheHelpDesk">Whether the team's members may act on the cards (else only <c>Incidents:Agents</c>).</param>
    /// <param name="owningTeam">The catalogue team whose escalations the channel was just connected for (null: every team's).</param>
    /// <param name="teams">The catalogue's owning teams, offered on the welcome card.</param>
    /// <param name="routes">Where escalations go now, shown once a channel is connected.</param>
    public AdaptiveCard Welcome(string? connectedChannelName, bool teamIsTheHelpDesk, string? owningTeam = null, IReadOnlyList<string>? teams = null, IReadOnlyList<ChannelRoute>? routes = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock(t.WelcomeTitle) { Weight = TextWeight.Bolder, Size = TextSize.Medium },
            new TextBlock(t.WelcomeText) { Spacing = Spacing.Small },
        };
        var actions = new List<CardAction>();
        if (connectedChannelName is null)
        {
            // The commands stay English: they are what the bot understands.
            body.Add(new TextBlock(t.WelcomeHint(ConnectCommand, "... for escalations of <team>")) { IsSubtle = true, Spacing = Spacing.Small });
            body.Add(new TextBlock(t.WelcomeStopHint(StopHereCommand, "@HelpdeskBot " + DeskVerbs.StopCommand + " of <team> here")) { IsSubtle = true, Spacing = Spacing.None });
            if (teams is { Count: > 0 })
            {
                body.Add(new InputChoiceSet(DeskVerbs.OwningTeamInput, [new Choice(t.ConnectEveryTeam, DeskVerbs.EveryTeam), .. teams.Select(team => new Choice(t.ConnectTeamChoice(CardText.Literal(team, 60)), team))])
                {
                    Label = t.ConnectWhich,
                    Value = DeskVerbs.EveryTeam,
                    Style = ChoiceInputStyle.Compact,
                    Spacing = Spacing.Medium,
                });
            }

            actions.Add(ActionExecute.WithSubmitFallback(DeskVerbs.Connect, t.WelcomeConnect, style: ActionStyle.Positive, sendInputs: teams is { Count: > 0 }));
        }
        else
        {
            // Says who may act on the cards as the roster decides it: with Incidents:Agents set, team members are not agents.
            var which = owningTeam is null ? t.ConnectedEvery : t.ConnectedOfTeam(CardText.Literal(owningTeam, 60));
            var channel = CardText.Literal(connectedChannelName, 80);
            body.Add(new TextBlock(teamIsTheHelpDesk ? t.WelcomeConnectedTeam(which, channel) : t.WelcomeConnectedAgents(which, channel)) { Color = TextColor.Good, Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.AddRange(Routes(routes ?? []));
        }

        return new AdaptiveCard { Body = body, Actions = actions.Count > 0 ? actions : null, MsTeams = TeamsCardProperties.FullWidth, FallbackText = t.WelcomeTitle };
    }

    /// <summary>The answer to "which channels are connected": which owning team's escalations go to which channel.</summary>
    /// <param name="notice">What a command just changed (or why it changed nothing), shown first.</param>
    public AdaptiveCard Channels(IReadOnlyList<ChannelRoute> routes, string? notice = null) => new()
    {
        Body =
        [
            .. notice is null ? [] : new CardElement[] { new TextBlock(CardText.Literal(notice, 300)) { Weight = TextWeight.Bolder } },
            .. routes.Count == 0 ? [new TextBlock(t.ChannelsNone(ConnectCommand)) { Spacing = Spacing.Small }] : Routes(routes),
        ],
        MsTeams = TeamsCardProperties.FullWidth,
        FallbackText = routes.Count == 0 ? t.ChannelsNoneFallback : t.ChannelsFallback,
    };

    /// <summary>One fact per route, the teams with their own channel first, then where every other team's escalations go.</summary>
    private IEnumerable<CardElement> Routes(IReadOnlyList<ChannelRoute> routes)
    {
        if (routes.Count == 0)
        {
            yield break;
        }

        yield return new TextBlock(t.ChannelsTitle) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium };
        var hasOwnChannels = routes.Any(r => r.OwningTeam is not null);
        yield return new FactSet([.. routes.Select(r => new Fact(
            r.OwningTeam is { } team ? CardText.Literal(team, 60) : hasOwnChannels ? t.ChannelsEveryOtherTeam : t.ChannelsEveryTeam,
            CardText.Literal(r.Label(t), 80)))]) { Spacing = Spacing.Small };
        if (routes is [.., { OwningTeam: null, Channel.IsDefault: false }])
        {
            // Only channels of single teams are connected: the latest takes the rest rather than nobody.
            yield return new TextBlock(t.ChannelsNoDefault(ConnectCommand)) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Small };
        }
    }

    /// <summary>A parked escalation, announced in the channel: the ticket system kept failing; an agent can replay it.</summary>
    /// <param name="answered">What a Replay click did (in place of the button), or null before any click.</param>
    public AdaptiveCard Parked(long outboxId, string target, string reporterName, string reason, string? answered)
    {
        var body = new List<CardElement>
        {
            new TextBlock(t.ParkedTitle(CardText.Literal(ReportTarget.Shown(target, t.TargetEverySite), 80))) { Weight = TextWeight.Bolder, Size = TextSize.Medium, Color = TextColor.Warning },
            new TextBlock(t.ParkedText(CardText.Literal(reporterName, 60))) { Spacing = Spacing.Small },
            new TextBlock(CardText.Literal(reason, 300)) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Small },
        };
        if (answered is not null)
        {
            body.Add(new TextBlock(answered) { Color = TextColor.Good, Weight = TextWeight.Bolder });
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal) { [DeskVerbs.OutboxKey] = outboxId.ToString(CultureInfo.InvariantCulture) };
        return new AdaptiveCard
        {
            Body = body,
            Actions = answered is not null ? null : [ActionExecute.WithSubmitFallback(DeskVerbs.Replay, t.ParkedReplay, data, ActionStyle.Positive, sendInputs: false)],
            MsTeams = TeamsCardProperties.FullWidth,
            FallbackText = t.ParkedFallback(target),
        };
    }

    private sealed record Data(string IncidentId, long Version)
    {
        public ActionExecute Execute(string verb, string title, ActionStyle? style = null, bool sendInputs = false) =>
            ActionExecute.WithSubmitFallback(
                verb,
                title,
                new Dictionary<string, string>(StringComparer.Ordinal) { [DeskVerbs.IncidentKey] = IncidentId, [DeskVerbs.VersionKey] = Version.ToString(CultureInfo.InvariantCulture) },
                style,
                sendInputs);
    }
}
