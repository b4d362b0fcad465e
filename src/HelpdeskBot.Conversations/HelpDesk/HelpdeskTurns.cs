using System.Globalization;
using System.Text.Json;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Protocol.Routing;
using HelpdeskBot.Tickets.Incidents;
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
    OutboxAdmin outbox,
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

        var activity = Message(cards.Welcome(null, roster.TeamIsTheHelpDesk));
        activity.Conversation = new ConversationAccount { Id = r.ConversationId, ConversationType = ConversationTypes.Channel, TenantId = r.TenantId };
        activity.From = r.BotId is null ? null : new ChannelAccount { Id = r.BotId, Name = r.BotName };
        await turn.Connector.SendToConversationAsync(r.ServiceUrl, r.ConversationId, activity, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>"@HelpdeskBot use this channel for escalations" in a channel of a team.</summary>
    public async Task<bool> TryConnectCommandAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Text.Contains(DeskVerbs.ConnectCommand, StringComparison.OrdinalIgnoreCase) || TeamsChannelData.From(turn.Activity)?.Team is null)
        {
            return false;
        }

        var name = await ConnectAsync(turn, ct).ConfigureAwait(false);
        await turn.SendAsync(Message(cards.Welcome(name, roster.TeamIsTheHelpDesk)), ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>An Action.Execute with a <c>desk.</c> verb; null when the verb is not the help desk's.</summary>
    public async Task<AdaptiveCard?> OnActionAsync(TurnContext turn, string verb, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        if (!verb.StartsWith(DeskVerbs.Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        if (verb == DeskVerbs.Connect)
        {
            return cards.Welcome(await ConnectAsync(turn, ct).ConfigureAwait(false), roster.TeamIsTheHelpDesk);
        }

        if (verb == DeskVerbs.Replay)
        {
            return await ReplayAsync(turn, data, ct).ConfigureAwait(false);
        }

        var incidentId = data.GetValueOrDefault(DeskVerbs.IncidentKey) ?? string.Empty;
        if (await store.GetAsync(incidentId, ct).ConfigureAwait(false) is not { Desk: { } state } found)
        {
            return new AdaptiveCard { Body = [new TextBlock(cards.Texts.IncidentGone)], FallbackText = cards.Texts.IncidentGoneFallback };
        }

        var channel = await channels.FindAsync(state.ChannelId, ct).ConfigureAwait(false);
        var from = turn.Activity.From;
        if (!await roster.IsAgentAsync(channel, from, ct).ConfigureAwait(false))
        {
            Log.NotAgent(logger, incidentId, verb);
            return cards.Incident(found, cards.OnlyAgents);
        }

        var agent = new HelpdeskAgent(from?.AadObjectId ?? from?.Id ?? string.Empty, from?.Name ?? cards.Texts.AnAgent, "teams");
        var result = verb switch
        {
            DeskVerbs.Take => await desk.TakeAsync(incidentId, agent, ct).ConfigureAwait(false),
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
            return new AdaptiveCard { Body = [new TextBlock(cards.Texts.EscalationGone)], FallbackText = cards.Texts.EscalationGoneFallback };
        }

        var target = entry.Request.Target;
        var reporter = entry.Request.Reporter.Name;
        var channelId = turn.Activity.Conversation?.Id?.Split(';')[0];
        if (!await roster.IsAgentAsync(await channels.FindAsync(channelId, ct).ConfigureAwait(false), turn.Activity.From, ct).ConfigureAwait(false))
        {
            var card = cards.Parked(id, target, reporter, entry.LastError ?? string.Empty, replayed: false);
            return card with { Body = [new TextBlock(cards.OnlyAgents) { Color = TextColor.Attention, Weight = TextWeight.Bolder }, .. card.Body] };
        }

        // Replayed now, or already replayed by a double click: either way it is queued again.
        await outbox.ReplayAsync(id, ct).ConfigureAwait(false);
        return cards.Parked(id, target, reporter, entry.LastError ?? string.Empty, replayed: true);
    }

    /// <returns>The connected channel's name for the card.</returns>
    private async Task<string> ConnectAsync(TurnContext turn, CancellationToken ct)
    {
        var a = turn.Activity;
        var teams = TeamsChannelData.From(a);
        var channelId = (teams?.Channel?.Id ?? a.Conversation?.Id ?? string.Empty).Split(';')[0];
        var channel = new HelpdeskChannel(
            channelId,
            a.ServiceUrl ?? string.Empty,
            teams?.Team?.Id,
            teams?.Team?.Name,
            a.TenantId,
            a.Recipient?.Id,
            a.Recipient?.Name,
            OwningTeam: null,
            IsDefault: true,
            a.From?.Name ?? a.From?.Id ?? "unknown",
            time.GetUtcNow());
        await store.ConnectChannelAsync(channel, ct).ConfigureAwait(false);
        Log.ChannelConnected(logger, channelId, teams?.Team?.Name);
        return teams?.Channel?.Name ?? (teams?.Team?.Name is { } team ? cards.Texts.ThisChannelOf(team) : cards.Texts.ThisChannel);
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
