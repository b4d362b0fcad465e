using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;

namespace HelpdeskBot.Storage.Tests.Contracts;

/// <summary>The <see cref="IIncidentStore"/> contract, run against every engine by the subclasses below.</summary>
public abstract class IncidentStoreContract : StorageContract
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    [Fact]
    public async Task First_report_opens_an_incident_led_by_its_escalation()
    {
        var join = await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:ada", "Ada", "esc-1", Window, Clock.GetUtcNow(), default);

        Assert.True(join.IsNew);
        Assert.True(join.IsNewReporter);
        Assert.Equal(("wiki.contoso.com", "esc-1", 1, Start, Start, false), (join.Incident.TargetKey, join.Incident.LeadEscalationId, join.Incident.AffectedUsers, join.Incident.OpenedAt, join.Incident.LastReportAt, join.Incident.Closed));
        Assert.Equal(["Ada"], join.Incident.ReporterNames);
        Assert.Null(join.Incident.Ticket);
    }

    [Fact]
    public async Task Later_reports_within_the_window_join_and_each_reporter_counts_once()
    {
        var opened = await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:ada", "Ada", "esc-1", Window, Clock.GetUtcNow(), default);
        Clock.Advance(TimeSpan.FromMinutes(20));
        var bob = await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:bob", "Bob", "esc-2", Window, Clock.GetUtcNow(), default);
        Clock.Advance(TimeSpan.FromMinutes(20));
        var adaAgain = await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:ada", "Ada", "esc-3", Window, Clock.GetUtcNow(), default);

        Assert.Equal((false, true), (bob.IsNew, bob.IsNewReporter));
        Assert.Equal((false, false), (adaAgain.IsNew, adaAgain.IsNewReporter));
        Assert.Equal(opened.Incident.IncidentId, adaAgain.Incident.IncidentId);
        Assert.Equal((2, "esc-1", Start.AddMinutes(40)), (adaAgain.Incident.AffectedUsers, adaAgain.Incident.LeadEscalationId, adaAgain.Incident.LastReportAt));
        Assert.Equal(["Ada", "Bob"], adaAgain.Incident.ReporterNames);
        var other = await Stores.Incidents.JoinOrOpenAsync("hr.contoso.com", "29:ada", "Ada", "esc-4", Window, Clock.GetUtcNow(), default);
        Assert.True(other.IsNew);
    }

    [Fact]
    public async Task A_report_after_the_window_or_after_close_opens_a_new_incident()
    {
        var first = await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:ada", "Ada", "esc-1", Window, Clock.GetUtcNow(), default);
        Clock.Advance(Window + TimeSpan.FromSeconds(1));

        var second = await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:bob", "Bob", "esc-2", Window, Clock.GetUtcNow(), default);
        await Stores.Incidents.CloseAsync(second.Incident.IncidentId, Clock.GetUtcNow(), default);
        var third = await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:eve", "Eve", "esc-3", Window, Clock.GetUtcNow(), default);

        Assert.True(second.IsNew);
        Assert.True(third.IsNew);
        Assert.Equal(3, new[] { first, second, third }.Select(j => j.Incident.IncidentId).Distinct().Count());
        Assert.True((await Stores.Incidents.GetAsync(first.Incident.IncidentId, default))!.Closed);
        Assert.True((await Stores.Incidents.GetAsync(second.Incident.IncidentId, default))!.Closed);
        Assert.Equal("esc-3", third.Incident.LeadEscalationId);
    }

    [Fact]
    public async Task Attached_ticket_is_seen_by_every_later_reporter()
    {
        var opened = await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:ada", "Ada", "esc-1", Window, Clock.GetUtcNow(), default);
        var ticket = new TicketRef("servicenow", "INC0012345", "https://contoso.service-now.example/incident.do?sys_id=1", "sys-1");

        await Stores.Incidents.AttachTicketAsync(opened.Incident.IncidentId, ticket, default);
        var joined = await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:bob", "Bob", "esc-2", Window, Clock.GetUtcNow(), default);

        Assert.Equal(ticket, joined.Incident.Ticket);
        Assert.Equal(ticket, (await Stores.Incidents.GetAsync(opened.Incident.IncidentId, default))!.Ticket);
        Assert.Null(await Stores.Incidents.GetAsync("missing", default));
    }

    [Fact]
    public async Task Incident_is_found_by_its_lead_escalation_only_also_after_closing()
    {
        var opened = await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:ada", "Ada", "esc-lead", Window, Clock.GetUtcNow(), default);
        await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:bob", "Bob", "esc-joiner", Window, Clock.GetUtcNow(), default);
        await Stores.Incidents.CloseAsync(opened.Incident.IncidentId, Clock.GetUtcNow(), default);

        var found = await Stores.Incidents.FindByLeadEscalationIdAsync("esc-lead", default);

        Assert.NotNull(found);
        Assert.Equal((opened.Incident.IncidentId, 2, true), (found.IncidentId, found.AffectedUsers, found.Closed));
        Assert.Null(await Stores.Incidents.FindByLeadEscalationIdAsync("esc-joiner", default));
        Assert.Null(await Stores.Incidents.FindByLeadEscalationIdAsync("esc-never", default));
    }

    [Fact]
    public async Task Twenty_parallel_reports_on_two_instances_make_one_incident_with_twenty_reporters()
    {
        var other = await OpenAnotherInstanceAsync();

        var joins = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Stores.Incidents : other.Incidents).JoinOrOpenAsync("wiki.contoso.com", $"29:user-{i}", $"User {i}", $"esc-{i}", Window, Start, default))));

        Assert.Single(joins.Select(j => j.Incident.IncidentId).Distinct());
        Assert.Single(joins, j => j.IsNew);
        Assert.All(joins, j => Assert.True(j.IsNewReporter));
        var incident = (await Stores.Incidents.GetAsync(joins[0].Incident.IncidentId, default))!;
        Assert.Equal(20, incident.AffectedUsers);
        Assert.Equal(20, incident.ReporterNames.Distinct().Count());
        Assert.Equal(joins.Single(j => j.IsNew).Incident.LeadEscalationId, incident.LeadEscalationId);
        Assert.Equal(Enumerable.Range(1, 20), joins.Select(j => j.Incident.AffectedUsers).Order());
    }
}

public sealed class SqliteIncidentStoreTests : IncidentStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => SqliteAsync();
}

public sealed class PostgresIncidentStoreTests : IncidentStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => PostgresAsync();
}
