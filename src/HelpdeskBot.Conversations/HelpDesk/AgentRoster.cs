using System.Collections.Concurrent;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Connector;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// Who may act on incident cards: the configured agent AAD object ids when any are set, else the members of a
/// connected channel's team, read page by page through the connector's paged members API and kept for
/// <see cref="IncidentsOptions.RosterCacheFor"/> — or until someone leaves the team (<see cref="Forget"/>).
/// </summary>
internal sealed class AgentRoster(IConnectorClient connector, TimeProvider time, IOptions<IncidentsOptions> options, ILogger<AgentRoster> logger)
{
    /// <summary>Teams' largest page (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context).</summary>
    private const int PageSize = 500;

    private readonly ConcurrentDictionary<string, (DateTimeOffset ReadAt, HashSet<string> Ids)> _rosters = new(StringComparer.Ordinal);

    /// <summary>True when the members of a connected channel's team are the agents (no <c>Incidents:Agents</c> configured).</summary>
    public bool TeamIsTheHelpDesk => options.Value.Agents.Count == 0;

    public async Task<bool> IsAgentAsync(HelpdeskChannel? channel, ChannelAccount? who, CancellationToken ct)
    {
        if (who is null)
        {
            return false;
        }

        var configured = options.Value.Agents;
        if (configured.Count > 0)
        {
            return who.AadObjectId is { } aad && configured.Contains(aad, StringComparer.OrdinalIgnoreCase);
        }

        if (channel is null || (channel.TeamId ?? channel.ChannelId) is not { } team)
        {
            return false;
        }

        var ids = await RosterAsync(channel.ServiceUrl, team, ct).ConfigureAwait(false);
        return ids.Contains(who.Id ?? string.Empty) || (who.AadObjectId is { } a && ids.Contains(a));
    }

    /// <summary>
    /// Someone left <paramref name="team"/> (Teams' <c>teamMemberRemoved</c>): its cached roster is dropped, so the next
    /// check reads it again and a removed member keeps no rights until the cache would have expired.
    /// </summary>
    public void Forget(string team)
    {
        if (_rosters.TryRemove(team, out _))
        {
            Log.RosterDropped(logger, team);
        }
    }

    private async Task<HashSet<string>> RosterAsync(string serviceUrl, string team, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_rosters.TryGetValue(team, out var cached) && now - cached.ReadAt < options.Value.RosterCacheFor)
        {
            return cached.Ids;
        }

        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? token = null;
        do
        {
            var page = await connector.GetPagedMembersAsync(serviceUrl, team, PageSize, token, ct).ConfigureAwait(false);
            foreach (var m in page.Members ?? [])
            {
                if (m.Id is { Length: > 0 } id)
                {
                    ids.Add(id);
                }

                if (m.AadObjectId is { Length: > 0 } aad)
                {
                    ids.Add(aad);
                }
            }

            token = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
        }
        while (token is not null);

        Log.RosterRead(logger, team, ids.Count);
        _rosters[team] = (now, ids);
        return ids;
    }
}
