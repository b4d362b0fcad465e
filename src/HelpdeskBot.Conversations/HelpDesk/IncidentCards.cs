using System.Globalization;
using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Tickets.Incidents;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// The help desk's cards in its channel, worded for agents ("the user", never "you"): the incident card, the
/// welcome card that connects a channel, the parked-escalation notice and reminders.
/// </summary>
internal sealed class IncidentCards(IOptions<IncidentsOptions> options)
{
    /// <summary>Names shown on the card at most; the rest are counted.</summary>
    private const int NamesShown = 8;

    public const string OnlyAgents = "Only the help desk can do this.";

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
        var what = desk.StatusCode is { } code ? $"HTTP {code.ToString(CultureInfo.InvariantCulture)}" : "Site problem";
        body.Add(new RichTextBlock([
            new TextRun($"{what} · {CardText.Literal(desk.ServiceName ?? desk.Target, 80)}") { Weight = TextWeight.Bolder, Size = TextSize.Medium },
        ]));
        body.Add(new TextBlock(statusText) { Color = color, Weight = TextWeight.Bolder, Spacing = Spacing.Small });

        var people = incident.AffectedUsers == 1 ? "1 person" : $"{incident.AffectedUsers.ToString(CultureInfo.InvariantCulture)} people";
        var names = string.Join(", ", incident.ReporterNames.Take(NamesShown).Select(n => CardText.Literal(n, 40)));
        if (incident.ReporterNames.Count > NamesShown)
        {
            names += $" and {(incident.ReporterNames.Count - NamesShown).ToString(CultureInfo.InvariantCulture)} more";
        }

        var facts = new List<Fact>
        {
            new("Target", CardText.Literal(desk.Target, 120)),
            new("Error", desk.Producer is null ? what : $"{what} from {CardText.Literal(desk.Producer, 80)}"),
            new("Affected", names.Length == 0 ? people : $"{people}: {names}"),
            new("First report", CardText.LocalDateTime(incident.OpenedAt)),
            new("Last report", CardText.LocalDateTime(incident.LastReportAt)),
            new("Ticket", incident.Ticket is { } t ? CardText.Literal(t.Number, 40) : "not created yet"),
        };
        if (desk.LastProbe is { } probe)
        {
            facts.Add(new Fact("Latest check", $"{(probe.Healthy ? "✅" : "❌")} {CardText.Literal(probe.Summary, 200)} ({CardText.LocalDateTime(probe.At)})"));
        }

        if (desk.Notes > 0)
        {
            facts.Add(new Fact("Notes", $"{desk.Notes.ToString(CultureInfo.InvariantCulture)} on the ticket"));
        }

        body.Add(new FactSet(facts) { Spacing = Spacing.Medium });
        if (desk.LastEvent is { } last)
        {
            body.Add(new TextBlock(CardText.Literal(last, 300)) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Small });
        }

        var actions = new List<CardAction>();
        if (desk.Status == DeskStatus.Resolved)
        {
            actions.Add(data.Execute(DeskVerbs.Reopen, "Reopen"));
        }
        else if (desk.ConfirmResolveEvidence is { } evidence)
        {
            body.Add(new Container(
            [
                new TextBlock("Still failing from our servers — resolve anyway?") { Weight = TextWeight.Bolder },
                new TextBlock(CardText.Literal(evidence, 300)) { Spacing = Spacing.Small },
            ]) { Style = ContainerStyle.Attention, Spacing = Spacing.Medium });
            actions.Add(data.Execute(DeskVerbs.ResolveAnyway, $"Resolve anyway and tell {people}", ActionStyle.Destructive));
            actions.Add(data.Execute(DeskVerbs.KeepOpen, "Keep it open"));
        }
        else
        {
            if (LooksFixed(desk) is { } since)
            {
                body.Add(new Container(
                [
                    new TextBlock($"Looks fixed since {CardText.LocalDateTime(since)} — resolve and tell {people}?") { Weight = TextWeight.Bolder, Wrap = true },
                ]) { Style = ContainerStyle.Good, Spacing = Spacing.Medium });
                actions.Add(data.Execute(DeskVerbs.ResolveAnyway, $"Resolve and tell {people}", ActionStyle.Positive));
            }

            if (desk.Status == DeskStatus.New)
            {
                actions.Add(data.Execute(DeskVerbs.Take, "Take it", ActionStyle.Positive));
            }

            actions.Add(data.Execute(DeskVerbs.Check, "Check now"));
            if (LooksFixed(desk) is null)
            {
                actions.Add(data.Execute(DeskVerbs.Resolve, "Resolve"));
            }
        }

        if (incident.Ticket is not null)
        {
            body.Add(new InputText(DeskVerbs.NoteInput) { Label = "Note on the ticket", Placeholder = "What you found or did", IsMultiline = true, MaxLength = 2000, Spacing = Spacing.Medium });
            body.Add(new ActionSet([data.Execute(DeskVerbs.Note, "Add note", sendInputs: true)]));
        }

        if (incident.Ticket?.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp))
        {
            actions.Add(new ActionOpenUrl(u.AbsoluteUri) { Title = $"Open {CardText.Literal(incident.Ticket.Number, 40)}" });
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = actions,
            MsTeams = TeamsCardProperties.FullWidth,
            FallbackText = $"{what} on {desk.Target}: {people} affected, {statusText}",
        };
    }

    /// <summary>The K-th consecutive healthy check's streak start, while the incident is open.</summary>
    public DateTimeOffset? LooksFixed(IncidentDeskState desk) =>
        desk.Status != DeskStatus.Resolved && desk.HealthyStreak >= options.Value.HealthyChecks ? desk.HealthySince : null;

    private static (string Text, TextColor Color) Status(IncidentDeskState desk) => desk.Status switch
    {
        DeskStatus.Resolved => ($"Resolved by {CardText.Literal(desk.ResolvedByName ?? "the help desk", 60)}{When(desk.ResolvedAt)}", TextColor.Good),
        DeskStatus.Taken => ($"Taken by {CardText.Literal(desk.TakenByName ?? "an agent", 60)}{When(desk.TakenAt)}", TextColor.Accent),
        _ => ("New: nobody has taken it yet", TextColor.Attention),
    };

    private static string When(DateTimeOffset? at) => at is { } t ? " · " + CardText.LocalDateTime(t) : string.Empty;

    /// <summary>Posted in General when the bot is added to a team, and the answer to "use this channel for escalations".</summary>
    /// <param name="connectedChannelName">The channel just connected; null for the welcome that offers to connect one.</param>
    /// <param name="teamIsTheHelpDesk">Whether the team's members may act on the cards (else only <c>Incidents:Agents</c>).</param>
    /// <param name="owningTeam">The catalogue team whose escalations the channel was just connected for (null: every team's).</param>
    /// <param name="teams">The catalogue's owning teams, offered on the welcome card.</param>
    /// <param name="routes">Where escalations go now, shown once a channel is connected.</param>
    public static AdaptiveCard Welcome(string? connectedChannelName, bool teamIsTheHelpDesk, string? owningTeam = null, IReadOnlyList<string>? teams = null, IReadOnlyList<ChannelRoute>? routes = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock("HelpdeskBot for the help desk") { Weight = TextWeight.Bolder, Size = TextSize.Medium },
            new TextBlock("When users report a broken site, I check it from our servers, walk them through what they can try and escalate what they cannot fix. Escalations can come here: one card per incident, with the evidence, the ticket and the people affected; take it, check it and resolve it from the card, and everyone who reported it is told when it is fixed.") { Spacing = Spacing.Small },
        };
        var actions = new List<CardAction>();
        if (connectedChannelName is null)
        {
            body.Add(new TextBlock("You can also type \"@HelpdeskBot use this channel for escalations\" in any channel of this team, or \"... for escalations of <team>\" for one owning team of the service catalogue.") { IsSubtle = true, Spacing = Spacing.Small });
            if (teams is { Count: > 0 })
            {
                body.Add(new InputChoiceSet(DeskVerbs.OwningTeamInput, [new Choice("Every team's escalations", DeskVerbs.EveryTeam), .. teams.Select(t => new Choice($"Escalations of {CardText.Literal(t, 60)}", t))])
                {
                    Label = "Which escalations",
                    Value = DeskVerbs.EveryTeam,
                    Style = ChoiceInputStyle.Compact,
                    Spacing = Spacing.Medium,
                });
            }

            actions.Add(ActionExecute.WithSubmitFallback(DeskVerbs.Connect, "Use this channel for escalations", style: ActionStyle.Positive, sendInputs: teams is { Count: > 0 }));
        }
        else
        {
            // Says who may act on the cards as the roster decides it: with Incidents:Agents set, team members are not agents.
            var who = teamIsTheHelpDesk
                ? ", and the members of this team are the help desk."
                : ". Only the agents named in the bot's settings (Incidents:Agents) can act on the cards.";
            var which = owningTeam is null ? "escalations" : $"escalations of {CardText.Literal(owningTeam, 60)}";
            body.Add(new TextBlock($"✅ Connected: {which} now come to {CardText.Literal(connectedChannelName, 80)}{who}") { Color = TextColor.Good, Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.AddRange(Routes(routes ?? []));
        }

        return new AdaptiveCard { Body = body, Actions = actions.Count > 0 ? actions : null, MsTeams = TeamsCardProperties.FullWidth, FallbackText = "HelpdeskBot for the help desk" };
    }

    /// <summary>The answer to "which channels are connected": which owning team's escalations go to which channel.</summary>
    public static AdaptiveCard Channels(IReadOnlyList<ChannelRoute> routes) => new()
    {
        Body = routes.Count == 0
            ? [new TextBlock("No channel is connected: escalations reach the help desk only as tickets. Type \"@HelpdeskBot use this channel for escalations\" in a channel to connect it.") { Spacing = Spacing.Small }]
            : [.. Routes(routes)],
        MsTeams = TeamsCardProperties.FullWidth,
        FallbackText = routes.Count == 0 ? "No channel is connected" : "Connected channels",
    };

    /// <summary>One fact per route, the teams with their own channel first, then where every other team's escalations go.</summary>
    private static IEnumerable<CardElement> Routes(IReadOnlyList<ChannelRoute> routes)
    {
        if (routes.Count == 0)
        {
            yield break;
        }

        yield return new TextBlock("Where escalations go") { Weight = TextWeight.Bolder, Spacing = Spacing.Medium };
        var hasOwnChannels = routes.Any(r => r.OwningTeam is not null);
        yield return new FactSet([.. routes.Select(r => new Fact(
            r.OwningTeam is { } team ? CardText.Literal(team, 60) : hasOwnChannels ? "Every other team" : "Every team",
            CardText.Literal(r.ChannelLabel, 80)))]) { Spacing = Spacing.Small };
        if (routes is [.., { OwningTeam: null, Channel.IsDefault: false }])
        {
            // Only channels of single teams are connected: the latest takes the rest rather than nobody.
            yield return new TextBlock("No channel takes every team's escalations yet, so the latest connected channel takes the others. Type \"@HelpdeskBot use this channel for escalations\" in the channel that should.") { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Small };
        }
    }

    /// <summary>A parked escalation, announced in the channel: the ticket system kept failing; an agent can replay it.</summary>
    public static AdaptiveCard Parked(long outboxId, string target, string reporterName, string reason, bool replayed)
    {
        var body = new List<CardElement>
        {
            new TextBlock($"Escalation parked · {CardText.Literal(target, 80)}") { Weight = TextWeight.Bolder, Size = TextSize.Medium, Color = TextColor.Warning },
            new TextBlock($"The ticket system kept failing, so the escalation of {CardText.Literal(reporterName, 60)} was not filed. It is saved; Replay sends it again.") { Spacing = Spacing.Small },
            new TextBlock(CardText.Literal(reason, 300)) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Small },
        };
        if (replayed)
        {
            body.Add(new TextBlock("Replayed: it is queued for the ticket system again.") { Color = TextColor.Good, Weight = TextWeight.Bolder });
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal) { [DeskVerbs.OutboxKey] = outboxId.ToString(CultureInfo.InvariantCulture) };
        return new AdaptiveCard
        {
            Body = body,
            Actions = replayed ? null : [ActionExecute.WithSubmitFallback(DeskVerbs.Replay, "Replay", data, ActionStyle.Positive, sendInputs: false)],
            MsTeams = TeamsCardProperties.FullWidth,
            FallbackText = $"Escalation parked: {target}",
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
