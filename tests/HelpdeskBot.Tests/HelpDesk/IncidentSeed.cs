using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// An open incident with many reporters, written to the real stores as the report flow leaves it: a connected
/// help-desk channel whose thread shows the incident's card, and one escalated case per reporter in their own
/// personal chat (card shown, shared ticket), each joined to the incident. For fan-out tests and the fan-out
/// benchmark (bench/HelpdeskBot.Benchmarks compiles this file too), where N diagnoses first would be beside the point.
/// </summary>
internal static class IncidentSeed
{
    public const string TenantId = "tenant-1";

    /// <summary>The seeded incident card's thread in <paramref name="channelId"/>, as Teams names a channel thread.</summary>
    public static string ThreadOf(string channelId, string incidentId) => $"{channelId};messageid={incidentId}";

    /// <summary>The personal chat of reporter <paramref name="i"/>.</summary>
    public static string ChatOf(int i) => $"a:reporter-{i}";

    /// <summary>
    /// Connects <paramref name="channelId"/> of <paramref name="teamId"/> and seeds an incident about
    /// <paramref name="target"/> (the site's URL) with <paramref name="reporters"/> reporters in
    /// <see cref="ChatOf"/> (from <paramref name="firstReporter"/> on); returns the incident id. The incident is
    /// keyed by <paramref name="targetKey"/>, by default as TargetKey names it: host, and the port when not the default.
    /// </summary>
    public static async Task<string> SeedAsync(IServiceProvider services, string serviceUrl, string botId, string teamId, string channelId, Uri target, int reporters, CancellationToken ct, string? targetKey = null, int firstReporter = 0)
    {
        ArgumentNullException.ThrowIfNull(target);
        targetKey ??= target.Authority.ToLowerInvariant();
        var time = services.GetRequiredService<TimeProvider>();
        var desk = services.GetRequiredService<IHelpdeskStore>();
        var incidents = services.GetRequiredService<IIncidentStore>();
        var now = time.GetUtcNow();
        await desk.ConnectChannelAsync(new HelpdeskChannel(channelId, serviceUrl, teamId, "Help desk", TenantId, botId, "HelpdeskBot", null, true, "seed", now), null, ct);

        var ticket = $"HD-{firstReporter + 1}";
        string? incidentId = null;
        for (var i = firstReporter; i < firstReporter + reporters; i++)
        {
            var (caseId, user) = await InsertCaseAsync(services, serviceUrl, botId, target, targetKey, i, ticket, i - firstReporter + 1, ct);
            var join = await incidents.JoinOrOpenAsync(targetKey, user, $"Reporter {i}", $"e-seed-{i}", TimeSpan.FromHours(2), now, ct);
            incidentId = join.Incident.IncidentId;
            await desk.AddCaseAsync(incidentId, caseId, user, now, ct);
        }

        ArgumentNullException.ThrowIfNull(incidentId, nameof(reporters));
        await incidents.AttachTicketAsync(incidentId, new TicketRef("embedded", ticket, null, null), ct);
        var found = await desk.GetAsync(incidentId, ct) ?? throw new InvalidOperationException("The seeded incident is missing.");
        var state0 = new IncidentDeskState
        {
            Target = target.AbsoluteUri,
            StatusCode = 502,
            Producer = "nginx (origin)",
            ChannelId = channelId,
            ThreadId = ThreadOf(channelId, incidentId),
            CardActivityId = incidentId,
            LastProbe = new ProbeSnapshot(now, false, "3 of 3 requests failed (HTTP 502 from nginx)"),
            WatchInterval = TimeSpan.FromMinutes(2),
        };
        if (!await desk.TryUpdateAsync(incidentId, found.Version, new DeskUpdate(state0, false, now + TimeSpan.FromMinutes(2), false), ct))
        {
            throw new InvalidOperationException("The seeded incident's desk state was written by someone else.");
        }

        return incidentId;
    }

    /// <summary>
    /// Reporter <paramref name="i"/>'s report of the incident about <paramref name="target"/>, joined to it in the
    /// incident store (the open one) but not yet at the desk: its ticket is on its way (the outbox retrying, an agent's
    /// Replay to come). Returns the escalation as the outbox hands it to the notifier once the ticket is there.
    /// </summary>
    public static async Task<EscalationRequest> JoinLateAsync(IServiceProvider services, string serviceUrl, string botId, Uri target, int i, string ticket, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        var targetKey = target.Authority.ToLowerInvariant();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var (caseId, user) = await InsertCaseAsync(services, serviceUrl, botId, target, targetKey, i, ticket, i + 1, ct);
        await services.GetRequiredService<IIncidentStore>().JoinOrOpenAsync(targetKey, user, $"Reporter {i}", $"e-seed-{i}", TimeSpan.FromHours(2), now, ct);
        return new EscalationRequest(
            $"e-seed-{i}", caseId, target.AbsoluteUri, 502, $"502 Bad Gateway on {targetKey}", $"I'm getting a 502 on {targetKey}",
            new Reporter(user, $"Reporter {i}", "aad-" + i, null, TenantId), now, now, EscalationReason.ServerSideFault, null,
            [], "windows", "medium", "single-user-one-site", new ServiceRoute(null, null, null, null), new ConversationLink(null, null));
    }

    /// <summary>Reporter <paramref name="i"/>'s escalated case in their personal chat, its card shown; returns its id and the reporter's.</summary>
    private static async Task<(string CaseId, string User)> InsertCaseAsync(IServiceProvider services, string serviceUrl, string botId, Uri target, string targetKey, int i, string ticket, int affected, CancellationToken ct)
    {
        var user = $"29:reporter-{i}";
        var caseId = $"c-seed-{i}";
        var state = new CaseState
        {
            Phase = CasePhase.Escalated,
            ReportText = $"I'm getting a 502 on {targetKey}",
            ReportedStatusCode = 502,
            Target = target.AbsoluteUri,
            Reporter = new CaseParticipant(user, $"Reporter {i}", "aad-" + i, TenantId),
            Channel = new CaseChannel(serviceUrl, ChatOf(i), "personal", botId, "HelpdeskBot", TenantId),
            StartedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
            EscalationId = $"e-seed-{i}",
            EscalationReason = EscalationReason.ServerSideFault,
            TicketNumber = ticket,
            AffectedUsers = affected,
        };
        await services.GetRequiredService<CaseRepository>().InsertAsync(caseId, ChatOf(i), user, state, ct);
        await services.GetRequiredService<ICaseStore>().SetCardActivityAsync(caseId, $"card-{i}", ct);
        return (caseId, user);
    }
}
