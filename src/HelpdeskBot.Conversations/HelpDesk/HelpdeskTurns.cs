using System.Globalization;
using System.Text.Json;
using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Protocol.Routing;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// The help desk's turns in its team: the welcome card when the bot joins a team, connecting a channel (button or
/// "@HelpdeskBot use this channel for escalations"), and clicks on incident and parked-escalation cards, which
/// only agents may make (anyone else gets the same card back with "Only the help desk can do this").
/// </summary>
internal sealed class HelpdeskTurns(
    IHelpdeskStore store,
    HelpdeskChannels channels,
    AgentRoster roster,
    IncidentDesk desk,
    IncidentCards cards,
    DeskTexts t,
    OutboxAdmin outbox,
    ChannelLoss loss,
    ReconnectNotices reconnected,
    TimeProvider time,
    ILogger<HelpdeskTurns> logger)
{
    /// <summary>The bot was added to a team: the welcome card goes to the conversation it was added in (General).</summary>
    public async Task<bool> TryWelcomeAsync(TurnContext turn, CancellationToken ct)
    {
        if (TeamsChannelData.From(turn.Activity)?.Team is null || turn.Reference is not { } r)
        {
            return false;
        }

        var activity = Message(cards.Welcome(null, roster.TeamIsTheHelpDesk, teams: channels.CatalogueTeams()));
        activity.Conversation = new ConversationAccount { Id = r.ConversationId, ConversationType = ConversationTypes.Channel, TenantId = r.TenantId };
        activity.From = r.BotId is null ? null : new ChannelAccount { Id = r.BotId, Name = r.BotName };
        await turn.Connector.SendToConversationAsync(r.ServiceUrl, r.ConversationId, activity, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Someone left a team the bot is in (conversationUpdate with <c>membersRemoved</c>, eventType <c>teamMemberRemoved</c>):
    /// the team's cached roster goes, so who may connect or stop its channels and act on its cards is read again at the next
    /// check. The whole team's entry, not the member's ids: Teams may name the member by id only, the roster holds both ids.
    /// </summary>
    public void OnMembersRemoved(TurnContext turn)
    {
        if (ChannelData(turn.Activity)?.Team?.Id is { Length: > 0 } team)
        {
            roster.Forget(team);
        }
    }

    /// <summary>
    /// Teams tells of a change in a team the bot is in: a connected channel deleted (or its whole team deleted or
    /// archived) is disconnected at once and its open incidents' cards move to where they route now; a connected
    /// channel renamed shows its new name; an unarchived team gets back exactly the channels its archiving
    /// disconnected, each told so. Only for a channel stored with the event's own tenant and team: an event never
    /// touches another tenant's channel.
    /// </summary>
    public async Task OnTeamEventAsync(TurnContext turn, string eventType, CancellationToken ct)
    {
        var data = ChannelData(turn.Activity);
        var tenant = data?.Tenant?.Id ?? turn.Activity.Conversation?.TenantId;
        if (data?.Team?.Id is not { Length: > 0 } team || tenant is not { Length: > 0 })
        {
            return;
        }

        var ours = (await store.ListChannelsAsync(ct).ConfigureAwait(false))
            .Where(c => c.TeamId == team && c.TenantId == tenant)
            .Select(c => c.ChannelId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var channel = data.Channel?.Id;
        switch (eventType)
        {
            case TeamsEvents.ChannelDeleted when channel is not null && ours.Contains(channel):
                Log.ChannelEvent(logger, eventType, channel);
                await loss.GoneAsync(channel, null, teamGone: false, ct).ConfigureAwait(false);
                break;
            case TeamsEvents.TeamDeleted or TeamsEvents.TeamArchived:
                foreach (var id in ours)
                {
                    Log.ChannelEvent(logger, eventType, id);
                    if (eventType == TeamsEvents.TeamArchived)
                    {
                        // Kept as it is now, so that teamUnarchived connects exactly this again (a channel stopped before is not).
                        await store.SetAsideChannelAsync(id, ct).ConfigureAwait(false);
                    }
                }

                // All at once: no incident or notice moves to another of the team's channels, which are gone too.
                await loss.GoneAsync(ours, null, teamGone: true, ct).ConfigureAwait(false);
                break;
            case TeamsEvents.TeamUnarchived:
                await ReconnectAsync(team, tenant, ct).ConfigureAwait(false);
                break;
            case TeamsEvents.ChannelRenamed when channel is not null && ours.Contains(channel) && data.Channel?.Name is { Length: > 0 } name:
                Log.ChannelEvent(logger, eventType, channel);
                await store.RenameChannelAsync(channel, Bounded(name), ct).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// The team is active again: the channels its archiving disconnected are connected again as they were, so escalations
    /// route there again from now on, and each is told so in the help desk's language. A channel connected meanwhile for
    /// the same escalations (a default, or one of the same owning team) keeps them: the channel reconnected is then not
    /// told they come back. Incidents that moved meanwhile keep the thread they moved to.
    /// </summary>
    private async Task ReconnectAsync(string team, string tenant, CancellationToken ct)
    {
        var restored = await store.RestoreArchivedAsync(team, tenant, time.GetUtcNow(), channels.KeptGoneMark, ct).ConfigureAwait(false);
        foreach (var channel in restored)
        {
            Log.ChannelEvent(logger, TeamsEvents.TeamUnarchived, channel.ChannelId);
        }

        // Also what a stop left untold after an earlier restoring (Teams resends the event it got no 200 for).
        await reconnected.TellAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The Teams channel data of an activity; null when there is none or it is not in Teams' shape.</summary>
    private static TeamsChannelData? ChannelData(Activity activity)
    {
        try
        {
            return TeamsChannelData.From(activity);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// In a channel of a team: "@HelpdeskBot use this channel for escalations" (of every team), "... for escalations of
    /// &lt;team&gt;" (one owning team of the service catalogue), or "which channels are connected?".
    /// </summary>
    public async Task<bool> TryConnectCommandAsync(TurnContext turn, CancellationToken ct)
    {
        if (TeamsChannelData.From(turn.Activity)?.Team is null)
        {
            return false;
        }

        if (turn.Text.Plain.Contains(DeskVerbs.ChannelsQuestion, StringComparison.OrdinalIgnoreCase))
        {
            await turn.SendAsync(Message(cards.Channels(await channels.RoutesAsync(ct).ConfigureAwait(false))), ct).ConfigureAwait(false);
            return true;
        }

        var stop = turn.Text.Plain.IndexOf(DeskVerbs.StopCommand, StringComparison.OrdinalIgnoreCase);
        if (stop >= 0)
        {
            await StopAsync(turn, turn.Text.Plain[(stop + DeskVerbs.StopCommand.Length)..], ct).ConfigureAwait(false);
            return true;
        }

        var at = turn.Text.Plain.IndexOf(DeskVerbs.ConnectCommand, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return false;
        }

        var asked = TeamAsked(turn.Text.Plain[(at + DeskVerbs.ConnectCommand.Length)..]);
        string? team = null;
        if (asked is not null && (team = channels.FindTeam(asked)) is null)
        {
            await turn.SendTextAsync(UnknownTeam(asked), ct).ConfigureAwait(false);
            return true;
        }

        if (await RefusedAsync(turn, team, stopping: false, ct).ConfigureAwait(false) is { } refused)
        {
            await turn.SendTextAsync(refused, ct).ConfigureAwait(false);
            return true;
        }

        await turn.SendAsync(Message(await ConnectAsync(turn, team, ct).ConfigureAwait(false)), ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Why the turn's sender may not connect the turn's channel for <paramref name="owningTeam"/>'s escalations (null:
    /// every team's) or stop the channel; null when they may. With <c>Incidents:Agents</c> set only a listed agent may.
    /// Without, the first connect is open (setting up), but escalations a channel serves are moved only by a member of
    /// that channel's team, and a channel is stopped only by a member of its team: else anyone in any team with the bot
    /// could take every escalation, reporters' names and words included, to their own channel. <c>Tickets:HelpdeskChannel</c>
    /// is the desk that is already there: its team's members (read through the same members API, by its conversation
    /// id) move what it serves; once Teams said it no longer exists its team cannot be asked, so nobody may until whoever
    /// runs the bot changes the settings. A roster Teams does not give refuses too: an error never lets anyone in.
    /// </summary>
    private async Task<string?> RefusedAsync(TurnContext turn, string? owningTeam, bool stopping, CancellationToken ct)
    {
        var from = turn.Activity.From;
        var (channelId, channelName) = ThisChannel(turn);
        string? refused;
        if (!roster.TeamIsTheHelpDesk)
        {
            refused = await roster.IsAgentAsync(null, from, ct).ConfigureAwait(false) ? null : t.ChannelOnlyListedAgents;
        }
        else if (stopping)
        {
            var channel = (await store.ListChannelsAsync(ct).ConfigureAwait(false)).FirstOrDefault(c => c.ChannelId == channelId);
            refused = channel is null ? null : await MemberAsync(channel, channelName, from, ct).ConfigureAwait(false) switch
            {
                null => t.ChannelMembersUnread(channelName),
                true => null,
                false => t.ChannelStopOnlyMembers,
            };
        }
        else if (await channels.RouteAsync(owningTeam, ct).ConfigureAwait(false) is not { } now)
        {
            // Nothing serves these escalations: setting up, unless the configured desk was there and Teams deleted it.
            refused = await channels.ConfiguredStateAsync(ct).ConfigureAwait(false) is (_, not null) ? t.ChannelConfiguredGone : null;
        }
        else if (now.ChannelId == channelId)
        {
            refused = null;
        }
        else
        {
            var configured = channels.IsConfigured(now.ChannelId);
            var where = configured ? t.ChannelLabelConfigured : new ChannelRoute(owningTeam, now).Label(t);
            refused = await MemberAsync(now, where, from, ct).ConfigureAwait(false) switch
            {
                null => t.ChannelMembersUnread(where),
                true => null,
                false => configured ? t.ChannelMoveConfiguredOnlyMembers : Served(owningTeam, now),
            };
        }

        if (refused is not null)
        {
            Log.ChannelChangeRefused(logger, from?.Id, channelId, owningTeam, stopping ? "stop" : "connect");
        }

        return refused;
    }

    /// <summary>Whether <paramref name="who"/> is a member of <paramref name="channel"/>'s team; null when Teams did not say (logged).</summary>
    private async Task<bool?> MemberAsync(HelpdeskChannel channel, string label, ChannelAccount? who, CancellationToken ct)
    {
        try
        {
            return await roster.IsAgentAsync(channel, who, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Any failure (an error answer, no answer, a page that does not parse): nobody is let in on it.
            Log.ChannelRosterUnread(logger, ex, channel.ChannelId, label);
            return null;
        }
    }

    /// <summary>"Escalations of every team go to Support › Escalations; only a member of that team can move them."</summary>
    private string Served(string? owningTeam, HelpdeskChannel now)
    {
        var label = new ChannelRoute(owningTeam, now).Label(t);
        var where = now.TeamName is { Length: > 0 } team && label != team ? $"{team} › {label}" : label;
        return owningTeam is null ? t.ChannelMoveEveryOnlyMembers(where) : t.ChannelMoveTeamOnlyMembers(owningTeam, where);
    }

    /// <summary>
    /// "@HelpdeskBot stop escalations of &lt;team&gt; here": the channel no longer takes that team's escalations (its
    /// other teams stay); without a team it takes none any more. Incidents already in the channel keep their threads.
    /// </summary>
    private async Task StopAsync(TurnContext turn, string rest, CancellationToken ct)
    {
        var (channelId, channelName) = ThisChannel(turn);
        var words = rest.Trim().TrimEnd('.', '!', ' ');
        foreach (var place in (string[])[" here", " in this channel", " from this channel"])
        {
            if (words.EndsWith(place, StringComparison.OrdinalIgnoreCase))
            {
                words = words[..^place.Length];
                break;
            }
        }

        var asked = words.Equals("here", StringComparison.OrdinalIgnoreCase) ? null : TeamAsked(words);
        if (await RefusedAsync(turn, asked, stopping: true, ct).ConfigureAwait(false) is { } refused)
        {
            await turn.SendTextAsync(refused, ct).ConfigureAwait(false);
            return;
        }

        string notice;
        if (asked is null)
        {
            var stopped = await store.DisconnectChannelAsync(channelId, ct).ConfigureAwait(false);
            notice = stopped ? t.ChannelStoppedAll(channelName) : t.ChannelNotServingAny(channelName);
        }
        else
        {
            // The spelling the channel was connected with (the catalogue may have changed since), else the catalogue's.
            var served = (await store.ListChannelsAsync(ct).ConfigureAwait(false)).FirstOrDefault(c => c.ChannelId == channelId && string.Equals(c.OwningTeam, asked.Trim(), StringComparison.OrdinalIgnoreCase))?.OwningTeam;
            if ((served ?? channels.FindTeam(asked)) is not { } team)
            {
                await turn.SendTextAsync(UnknownTeam(asked), ct).ConfigureAwait(false);
                return;
            }

            var stopped = await store.RemoveChannelTeamAsync(channelId, team, ct).ConfigureAwait(false);
            notice = stopped ? t.ChannelStoppedTeam(team, channelName) : t.ChannelNotServing(team, channelName);
        }

        Log.ChannelStopped(logger, channelId, asked);
        await turn.SendAsync(Message(cards.Channels(await channels.RoutesAsync(ct).ConfigureAwait(false), notice)), ct).ConfigureAwait(false);
    }

    /// <summary>The turn's channel (without a thread's <c>;messageid=</c>) and how to name it to the help desk.</summary>
    private (string Id, string Name) ThisChannel(TurnContext turn)
    {
        var teams = ChannelData(turn.Activity);
        var channelId = (teams?.Channel?.Id ?? turn.Activity.Conversation?.Id ?? string.Empty).Split(';')[0];
        var name = teams?.Channel?.Name is { Length: > 0 } n ? n
            : channelId == teams?.Team?.Id ? t.ChannelLabelGeneral
            : teams?.Team?.Name is { } team ? t.ThisChannelOf(team) : t.ThisChannel;
        return (channelId, name);
    }

    /// <summary>
    /// A channel's or team's name as stored, from an activity's channel data: Teams allows a channel 50 characters
    /// (https://learn.microsoft.com/graph/api/channel-post, displayName), so a name past <see cref="MaxStoredName"/> did
    /// not come from Teams as documented and is cut there with an ellipsis (never inside a surrogate pair); cards cut
    /// shorter still.
    /// </summary>
    internal static string Bounded(string name)
    {
        if (name.Length <= MaxStoredName)
        {
            return name;
        }

        var cut = MaxStoredName - 1;
        if (char.IsHighSurrogate(name[cut - 1]))
        {
            cut--;
        }

        return string.Concat(name.AsSpan(0, cut), "…");
    }

    /// <summary>The longest channel or team name stored: five times Teams' limit for a channel, room for any real name.</summary>
    internal const int MaxStoredName = 256;

    /// <summary>The team named after the command ("of Collaboration", "for \"HR Systems\"."); null when none is.</summary>
    internal static string? TeamAsked(string rest)
    {
        var team = rest.Trim().TrimEnd('.', '!', '?', ' ').Trim();
        foreach (var word in (string[])["of ", "for "])
        {
            if (team.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                team = team[word.Length..].Trim();
                break;
            }
        }

        team = team.Trim('"', '\'', '“', '”', '‘', '’', ' ');
        return team.Length == 0 ? null : team;
    }

    private string UnknownTeam(string asked)
    {
        var teams = channels.CatalogueTeams();
        var name = CardText.Literal(asked, 60);
        return teams.Count == 0
            ? t.UnknownTeamNoTeams(name, IncidentCards.ConnectCommand)
            : t.UnknownTeam(name, string.Join(", ", teams), IncidentCards.ConnectCommand + " of <team>");
    }

    /// <summary>An Action.Execute with a <c>desk.</c> verb; null when the verb is not the help desk's (or is Connect outside a team's channel).</summary>
    public async Task<AdaptiveCard?> OnActionAsync(TurnContext turn, string verb, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        if (!verb.StartsWith(DeskVerbs.Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        if (verb == DeskVerbs.Connect)
        {
            // The welcome card is sent in a team only: a click from a personal or group chat would make that chat the
            // help desk (every escalation, reporters' names included, routed to it, and its members the agents).
            if (ChannelData(turn.Activity)?.Team is null || !string.Equals(turn.Activity.Conversation?.ConversationType, ConversationTypes.Channel, StringComparison.OrdinalIgnoreCase))
            {
                Log.ConnectOutsideTeam(logger, turn.Activity.Conversation?.ConversationType);
                return null;
            }

            var chosen = data.GetValueOrDefault(DeskVerbs.OwningTeamInput) is { Length: > 0 } c && c != DeskVerbs.EveryTeam ? c : null;
            if (chosen is not null && channels.FindTeam(chosen) is null)
            {
                // The catalogue changed since the card was sent: offer its teams as they are now.
                var offer = cards.Welcome(null, roster.TeamIsTheHelpDesk, teams: channels.CatalogueTeams());
                return offer with { Body = [new TextBlock(CardText.Literal(UnknownTeam(chosen), 400)) { Color = TextColor.Attention, Weight = TextWeight.Bolder }, .. offer.Body] };
            }

            var team = chosen is null ? null : channels.FindTeam(chosen);
            if (await RefusedAsync(turn, team, stopping: false, ct).ConfigureAwait(false) is { } refused)
            {
                var offer = cards.Welcome(null, roster.TeamIsTheHelpDesk, teams: channels.CatalogueTeams());
                return offer with { Body = [new TextBlock(refused) { Color = TextColor.Attention, Weight = TextWeight.Bolder }, .. offer.Body] };
            }

            return await ConnectAsync(turn, team, ct).ConfigureAwait(false);
        }

        if (verb == DeskVerbs.Replay)
        {
            return await ReplayAsync(turn, data, ct).ConfigureAwait(false);
        }

        var incidentId = data.GetValueOrDefault(DeskVerbs.IncidentKey) ?? string.Empty;
        if (await store.GetAsync(incidentId, ct).ConfigureAwait(false) is not { Desk: { } state } found)
        {
            return new AdaptiveCard { Body = [new TextBlock(t.IncidentGone)], FallbackText = t.IncidentGoneFallback };
        }

        var channel = await channels.FindAsync(state.ChannelId, ct).ConfigureAwait(false);
        var from = turn.Activity.From;
        if (!await roster.IsAgentAsync(channel, from, ct).ConfigureAwait(false))
        {
            Log.NotAgent(logger, incidentId, verb);
            return cards.Incident(found, cards.OnlyAgents);
        }

        var agent = new HelpdeskAgent(from?.AadObjectId ?? from?.Id ?? string.Empty, from?.Name ?? t.AnAgent, "teams");
        var result = verb switch
        {
            DeskVerbs.Take => await desk.TakeAsync(incidentId, agent, takeOver: false, ct).ConfigureAwait(false),
            DeskVerbs.Check => await desk.CheckNowAsync(incidentId, agent, ct).ConfigureAwait(false),
            DeskVerbs.Note => await desk.AddNoteAsync(incidentId, agent, data.GetValueOrDefault(DeskVerbs.NoteInput) ?? string.Empty, ct).ConfigureAwait(false),
            DeskVerbs.Resolve => await desk.ResolveAsync(incidentId, agent, force: false, ct).ConfigureAwait(false),
            DeskVerbs.ResolveAnyway => await desk.ResolveAsync(incidentId, agent, force: true, ct).ConfigureAwait(false),
            DeskVerbs.KeepOpen => await desk.KeepOpenAsync(incidentId, agent, ct).ConfigureAwait(false),
            DeskVerbs.Reopen => await desk.ReopenAsync(incidentId, agent, ct).ConfigureAwait(false),
            _ => new IncidentActionResult(IncidentActionOutcome.Unchanged),
        };
        var now = await store.GetAsync(incidentId, ct).ConfigureAwait(false) ?? found;
        var notice = result.Outcome == IncidentActionOutcome.Unchanged && result.Detail is { } why ? why : null;
        return cards.Incident(now, notice);
    }

    private async Task<AdaptiveCard> ReplayAsync(TurnContext turn, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        _ = long.TryParse(data.GetValueOrDefault(DeskVerbs.OutboxKey), NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        var entry = await outbox.GetAsync(id, ct).ConfigureAwait(false);
        if (entry is null)
        {
            return new AdaptiveCard { Body = [new TextBlock(t.EscalationGone)], FallbackText = t.EscalationGoneFallback };
        }

        var target = entry.Request.Target;
        var reporter = entry.Request.Reporter.Name;
        var channelId = turn.Activity.Conversation?.Id?.Split(';')[0];
        if (!await roster.IsAgentAsync(await channels.FindAsync(channelId, ct).ConfigureAwait(false), turn.Activity.From, ct).ConfigureAwait(false))
        {
            var card = cards.Parked(id, target, reporter, OutboxFailure.Word(entry.LastError, t), answered: null);
            return card with { Body = [new TextBlock(cards.OnlyAgents) { Color = TextColor.Attention, Weight = TextWeight.Bolder }, .. card.Body] };
        }

        // Only a parked row is replayed. A click on a stale card (another agent replayed it, it was filed since) says what
        // happened to the escalation instead of claiming it was queued again; the row as read after the refused replay
        // decides, since it may have moved on since the first read.
        var answered = await outbox.ReplayAsync(id, ct).ConfigureAwait(false)
            ? t.ParkedReplayed
            : await outbox.GetAsync(id, ct).ConfigureAwait(false) switch
            {
                null => t.EscalationGone,
                { State: OutboxState.Sent, Ticket: { } ticket } => t.ParkedAlreadyFiled(CardText.Literal(ticket.Number, 40)),
                { State: OutboxState.Sent } => t.ParkedAlreadySent,
                { State: OutboxState.Parked } => null, // parked again between the two reads: the button stays for another try
                _ => t.ParkedAlreadyQueued,
            };
        return cards.Parked(id, target, reporter, OutboxFailure.Word(entry.LastError, t), answered);
    }

    /// <summary>Connects the turn's channel for <paramref name="owningTeam"/>'s escalations (null: every team's, as the default).</summary>
    /// <returns>The Connected card: the channel, and where escalations go now.</returns>
    private async Task<AdaptiveCard> ConnectAsync(TurnContext turn, string? owningTeam, CancellationToken ct)
    {
        var a = turn.Activity;
        var teams = ChannelData(a);
        var (channelId, name) = ThisChannel(turn);
        // Teams leaves the General channel's name out (its id is the team's): it is named in the help desk's language when shown.
        var channelName = teams?.Channel?.Name is { Length: > 0 } n ? Bounded(n) : null;
        var channel = new HelpdeskChannel(
            channelId,
            a.ServiceUrl ?? string.Empty,
            teams?.Team?.Id,
            teams?.Team?.Name is { Length: > 0 } teamName ? Bounded(teamName) : teams?.Team?.Name,
            a.TenantId,
            a.Recipient?.Id,
            a.Recipient?.Name,
            owningTeam,
            IsDefault: owningTeam is null,
            a.From?.Name ?? a.From?.Id ?? "unknown",
            time.GetUtcNow(),
            channelName);
        await store.ConnectChannelAsync(channel, channels.KeptGoneMark, ct).ConfigureAwait(false);
        Log.ChannelConnected(logger, channelId, teams?.Team?.Name);
        return cards.Welcome(name, roster.TeamIsTheHelpDesk, owningTeam, routes: await channels.RoutesAsync(ct).ConfigureAwait(false));
    }

    private static Activity Message(AdaptiveCard card) => Activity.CreateCardMessage(CardsJsonContext.ToElement(card));

    /// <summary>Data of an Action.Execute (or its Action.Submit fallback) as strings.</summary>
    public static Dictionary<string, string> Strings(JsonElement? data)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data is { ValueKind: JsonValueKind.Object } d)
        {
            foreach (var p in d.EnumerateObject())
            {
                map[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? string.Empty : p.Value.GetRawText();
            }
        }

        return map;
    }
}
