using System.Globalization;
using System.Net;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tests.Shipping;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Outbox;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tests.Tickets;

/// <summary>
/// The help desk's web pages (/tickets, /tickets/{number}, /dashboard) over HTTP in a non-English <c>Tickets:Language</c>:
/// headings, fields, buttons, banners, the html <c>lang</c>, dates and numbers come from the help desk's catalogue;
/// the English page words are gone.
/// </summary>
public sealed class TicketPagesLanguageTests
{
    [Theory]
    [InlineData("de")]
    [InlineData("ja")]
    public async Task The_ticket_pages_and_the_dashboard_speak_the_help_desks_language(string language)
    {
        var t = DeskTexts.For(language);
        var english = DeskTexts.English;
        var desk = new RecordingIncidentDesk();
        await using var host = new ShipHost(
            new Dictionary<string, string?> { ["Tickets:Language"] = language, ["Tickets:Outbox:Enabled"] = "false" },
            s =>
            {
                s.AddSingleton<TimeProvider>(new FakeTimeProvider(DashboardSeed.Now));
                s.AddSingleton<IIncidentDesk>(desk);
            });
        host.StartServer();
        var services = host.Services;
        var tickets = services.GetRequiredService<IEmbeddedTicketStore>();
        await DashboardSeed.WriteAsync(services.GetRequiredService<ICaseStore>(), services.GetRequiredService<IOutboxStore>(), tickets);
        await DashboardSeed.WriteIncidentsAsync(services.GetRequiredService<IIncidentStore>(), services.GetRequiredService<IHelpdeskStore>());

        // A report about every site (the user's own network): stored as the stable key, shown in the help desk's words.
        var lead = Escalation("esc-lang-lead", ReportTarget.EverySite);
        var ticket = await tickets.CreateAsync(
            new NewEmbeddedTicket("HD", lead.EscalationId, TicketTitle.Build(lead, 1, t), MarkdownRenderer.Render(TicketDocumentBuilder.Build(lead, t)), "Network", "Web", "high", "29:ada", "Ada Lovelace", ReportTarget.EverySite),
            DashboardSeed.Now, CancellationToken.None);
        Assert.True(await tickets.AddCommentAsync(ticket.Number, "Grace Hopper", MarkdownRenderer.Render(TicketDocumentBuilder.AlsoAffected(Escalation("esc-lang-joiner", ReportTarget.EverySite), 2, t)), null, DashboardSeed.Now, CancellationToken.None));
        await services.GetRequiredService<IIncidentStore>().JoinOrOpenAsync(ReportTarget.EverySite, "29:ada", "Ada Lovelace", lead.EscalationId, TimeSpan.FromHours(2), DashboardSeed.Now, CancellationToken.None);

        using var client = new HttpClient { BaseAddress = host.KestrelAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", ShipHost.AdminKey);
        var list = await client.GetStringAsync("tickets?open=true");
        var detail = await client.GetStringAsync($"tickets/{ticket.Number}");
        using var take = await client.PostAsync($"tickets/{ticket.Number}/take", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.OK, take.StatusCode);
        var taken = await take.Content.ReadAsStringAsync();
        var dashboard = await client.GetStringAsync("dashboard");

        foreach (var page in new[] { list, detail, taken, dashboard })
        {
            Assert.Contains($"<html lang=\"{t.Language}\">", page, StringComparison.Ordinal);
            AssertWords(page, [t.PageNavLabel, t.PageNavDashboard, t.PageNavTickets, t.PageNavOpenTickets], [english.PageNavOpenTickets, english.PageNavLabel]);
        }

        var open = (await tickets.ListAsync(new EmbeddedTicketQuery(OpenOnly: true, Max: 500), default)).Count;
        AssertWords(
            list,
            [t.PageFilterStatus, t.PageFilterReporter, t.PageFilterOpenOnly, t.PageFilterApply, t.PageFilterClear, t.PageCount(open), t.PageFilteredBy(t.PageFilterOpenOnly),
                t.PageColNumber, t.PageColTitle, t.PageColUrgency, t.PageColTeam, t.PageColReporter, t.PageColUpdated, t.PageStatus("open"), t.PageUrgency("high"), ticket.Title,
                Time(ticket.UpdatedAt, t)],
            [english.PageColUrgency, english.PageColUpdated, english.PageCount(open), ">" + english.PageFilterApply + "<", ">open<", ">high<"]);
        Assert.Contains(t.TargetEverySite, ticket.Title, StringComparison.Ordinal);
        AssertWords(
            detail,
            [t.PageFieldCategory, t.PageFieldCreated, t.TicketCorrelationId, t.CardTarget, t.TargetEverySite, t.PageIncident, t.PageIncidentState, t.PageIncidentOpen,
                t.CardAffected, t.CardFirstReport, t.CardLastReport, t.PageDescription, t.PageComments(t.Number(1)), t.CardTake, t.CardCheckNow, t.CardResolve, t.CardReopen,
                t.CardAddNote, t.CardNotePlaceholder, t.TicketWhatIsWrong, Time(ticket.CreatedAt, t)],
            [english.PageDescription, english.PageComments("1"), english.CardTake, english.CardAddNote, english.TicketWhatIsWrong, ReportTarget.EverySite, "2026-11-25 12:00 UTC"]);
        AssertWords(taken, [t.PageActionDone(t.CardTake)], [english.PageActionDone(english.CardTake)]);
        AssertWords(
            dashboard,
            [t.DashTitle, t.DashReports, t.DashDeflection, t.DashMedianFix, t.DashOpenEscalations, t.DashMedianTake, t.DashMedianResolve, t.DashPerDay, t.DashPerTarget, t.DashVerdicts,
                t.DashOutcomes, t.DashResolvedNoTicket, t.DashStillOpen, t.DashAbandoned, t.DashCancelled, t.DashWaiting, t.DashParked, t.DashOpenEmbedded, t.DashReported, t.DashEscalated],
            [english.DashReports, english.DashMedianTake, english.DashPerDay, english.DashStillOpen, english.DashOpenEmbedded, "refreshed every 5 minutes"]);

        // The verdict chart names the verdicts in the help desk's words, not by their code names (the seed has these five);
        // /api/dashboard keeps the code names (an API).
        AssertWords(
            dashboard,
            [.. new[] { VerdictKind.Healthy, VerdictKind.DnsFailure, VerdictKind.TlsProblem, VerdictKind.UpstreamFailing }.Select(t.VerdictName), t.VerdictName("not diagnosed", "not diagnosed")],
            ["Healthy", "DnsFailure", "TlsProblem", "UpstreamFailing", "not diagnosed"]);
        Assert.Contains("\"UpstreamFailing\"", await client.GetStringAsync("api/dashboard"), StringComparison.Ordinal);

        // The status filter is a choice in the help desk's words (nothing typed in English), and a status typed in them works.
        AssertWords(list, [t.PageFilterAnyStatus, t.PageStatus("resolved"), t.PageStatus("closed")], ["open, resolved", english.PageFilterAnyStatus]);
        Assert.Contains("<option value=\"resolved\">", list, StringComparison.Ordinal);
        var byWord = await client.GetStringAsync("tickets?status=" + Uri.EscapeDataString(t.PageStatus("open").ToUpperInvariant()));
        AssertWords(byWord, [ticket.Title, t.PageFilteredBy(t.Label(t.PageFilterStatus) + t.PageStatus("open"))], []);
        Assert.Contains("<option value=\"open\" selected>", byWord, StringComparison.Ordinal);
    }

    /// <summary>The page's text (markup decoded) has every one of <paramref name="present"/> and none of <paramref name="absent"/>.</summary>
    private static void AssertWords(string html, IEnumerable<string> present, IEnumerable<string> absent)
    {
        var text = WebUtility.HtmlDecode(html);
        foreach (var words in present)
        {
            Assert.Contains(words, text, StringComparison.Ordinal);
        }

        foreach (var words in absent)
        {
            Assert.DoesNotContain(words, text, StringComparison.Ordinal);
        }
    }

    private static string Time(DateTimeOffset at, DeskTexts t) => at.ToUniversalTime().ToString(t.PageTimeFormat, CultureInfo.InvariantCulture);

    private static EscalationRequest Escalation(string id, string target)
    {
        var at = DashboardSeed.Now.AddMinutes(-5);
        return new EscalationRequest(id, "case-" + id, target, null, "Site problem on every site", "Keine Website lädt",
            new Reporter("29:ada", "Ada Lovelace", null, null, null), at, at, EscalationReason.UserRequested, null,
            [], "windows", "high", "single-user-all-sites",
            new ServiceRoute(null, null, "Network", null), new ConversationLink(null, null));
    }
}
