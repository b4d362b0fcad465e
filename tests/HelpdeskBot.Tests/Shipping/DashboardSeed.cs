using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Outbox;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>A week of cases, escalations and tickets written through the real stores, with known figures.</summary>
internal static class DashboardSeed
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static async Task WriteAsync(ICaseStore cases, IOutboxStore outbox, IEmbeddedTicketStore tickets)
    {
        await Case(cases, "c1", "wiki.contoso.com", CaseStatus.Resolved, """{"verdict":"Healthy"}""", At(24, 9, 0), At(24, 9, 10));
        await Case(cases, "c2", "https://wiki.contoso.com/page", CaseStatus.Escalated, """{"diagnosis":{"verdict":{"kind":"UpstreamFailing"}}}""", At(24, 10, 0), At(24, 10, 30));
        await Case(cases, "c3", "WIKI.contoso.com:443", CaseStatus.Resolved, """{"verdict":"Healthy"}""", At(25, 8, 0), At(25, 8, 20));
        await Case(cases, "c4", "mail.contoso.com", CaseStatus.Resolved, """{"verdict":3}""", At(23, 12, 0), At(23, 12, 5));
        await Case(cases, "c5", "hr.contoso.com", CaseStatus.Open, "{}", At(25, 11, 0), At(25, 11, 1));
        await Case(cases, "c6", "old.contoso.com", CaseStatus.Resolved, """{"verdict":"Healthy"}""", At(10, 9, 0), At(10, 9, 5));
        await Case(cases, "c7", "crm.contoso.com", CaseStatus.Abandoned, """{"verdict":"TlsProblem"}""", At(22, 14, 0), At(22, 15, 0));

        Assert.True(await outbox.EnqueueAsync(Escalation("e1", "c2"), At(24, 10, 30), CancellationToken.None));
        Assert.True(await outbox.EnqueueAsync(Escalation("e2", "c2"), At(24, 10, 31), CancellationToken.None));
        var claimed = await outbox.ClaimAsync("seeder", 1, TimeSpan.FromMinutes(1), At(24, 10, 32), CancellationToken.None);
        Assert.True(await outbox.ParkAsync(claimed.Single().Id, "seeder", "ticket system refused the request (400)", At(24, 10, 33), CancellationToken.None));
        await tickets.CreateAsync(
            new NewEmbeddedTicket("HD", "e0", "502 on wiki.contoso.com", "evidence", "Web", "web", "high", "29:u1", "Ada", "wiki.contoso.com"),
            At(24, 10, 35), CancellationToken.None);
    }

    /// <summary>
    /// Six incidents in the week and one before it. Taken after 5, 10, 20 and 40 min (median 15 min, p90 40 min;
    /// one resolved without being taken, one never touched); resolved after 30, 60 and 90 min (median 60 min, p90
    /// 90 min). Not taken: 1; not resolved: 3.
    /// </summary>
    public static async Task WriteIncidentsAsync(IIncidentStore incidents, IHelpdeskStore helpdesk)
    {
        await Incident(incidents, helpdesk, "wiki.contoso.com", At(24, 9, 0), taken: 5, resolved: 30);
        await Incident(incidents, helpdesk, "mail.contoso.com", At(24, 10, 0), taken: 10, resolved: 60);
        await Incident(incidents, helpdesk, "crm.contoso.com", At(25, 8, 0), taken: 20, resolved: null);
        await Incident(incidents, helpdesk, "hr.contoso.com", At(25, 9, 0), taken: 40, resolved: null);
        await Incident(incidents, helpdesk, "erp.contoso.com", At(23, 12, 0), taken: null, resolved: 90);
        await Incident(incidents, helpdesk, "intranet.contoso.com", At(25, 11, 0), taken: null, resolved: null);
        await Incident(incidents, helpdesk, "old.contoso.com", At(10, 9, 0), taken: 600, resolved: 900);
    }

    private static async Task Incident(IIncidentStore incidents, IHelpdeskStore helpdesk, string target, DateTimeOffset opened, int? taken, int? resolved)
    {
        var join = await incidents.JoinOrOpenAsync(target, "29:user-" + target, "Ada", "esc-" + target, TimeSpan.FromMinutes(30), opened, CancellationToken.None);
        Assert.True(join.IsNew);
        if (taken is null && resolved is null)
        {
            return;
        }

        var desk = new IncidentDeskState
        {
            Target = target,
            Status = resolved is null ? DeskStatus.Taken : DeskStatus.Resolved,
            TakenById = taken is null ? null : "29:agent",
            TakenByName = taken is null ? null : "Grace",
            TakenAt = taken is null ? null : opened.AddMinutes(taken.Value),
            ResolvedAt = resolved is null ? null : opened.AddMinutes(resolved.Value),
            ResolvedByName = resolved is null ? null : "Grace",
        };
        Assert.True(await helpdesk.TryUpdateAsync(join.Incident.IncidentId, 0, new DeskUpdate(desk, Closed: resolved is not null, NextWatchAt: null, NotifyPending: false), CancellationToken.None));
    }

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private static async Task Case(ICaseStore store, string id, string target, CaseStatus status, string state, DateTimeOffset created, DateTimeOffset updated)
    {
        var record = new CaseRecord(id, "conv-" + id, "29:user-" + id, target, status, state, 1, created, updated);
        Assert.True(await store.TryInsertAsync(record, new CaseEvent(id, 1, "created", "{}", created), CancellationToken.None));
    }

    private static EscalationRequest Escalation(string id, string caseId) => new(
        id, caseId, "wiki.contoso.com", 502, "502 on wiki.contoso.com", "I'm getting a 502", new Reporter("29:u1", "Ada", null, null, null),
        At(24, 10, 0), At(24, 10, 30), EscalationReason.ServerSideFault, null, [], "Windows", "high", "many",
        new ServiceRoute("Wiki", "Web", "web", "Web Ops"), new ConversationLink(null, null));
}
