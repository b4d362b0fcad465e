using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>
/// The help desk's side in the real client path: Agents Playground (with a team "IT Help Desk" that has an
/// Escalations channel) in headless Chromium, the bot process, and a loopback site that answers 502 until it is
/// repaired. An agent takes the incident, checks it, adds a note, resolves it and reopens it from the channel card; the
/// reporter's card follows (fixed, then reopened).
/// Everything is asserted on what the Playground renders (and the note on the ticket system's page); screenshots of
/// the channel's incident card and of the reporter's fixed card go to artifacts/screenshots/.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class HelpdeskChannelEndToEndTests
{
    private const string User = HelpdeskTeam.User;

    [Fact]
    public async Task Report_becomes_an_incident_card_in_the_channel_checked_noted_resolved_and_reopened_there_and_the_reporter_is_told()
    {
        // 502 until the test changes it: 503 before Check now (so the card's latest check can only come from that
        // click), 200 once repaired. Every request is counted, to see that Check now really probed.
        var status = StatusCodes.Status502BadGateway;
        var requests = 0;
        await using var site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            Interlocked.Increment(ref requests);
            ctx.Response.Headers.Server = "nginx/1.22.1";
            var code = Volatile.Read(ref status);
            if (code == StatusCodes.Status200OK)
            {
                await ctx.Response.WriteAsync("<html><head><title>Wiki</title></head><body>ok</body></html>");
                return;
            }

            ctx.Response.StatusCode = code;
            var title = code == StatusCodes.Status502BadGateway ? "502 Bad Gateway" : "503 Service Temporarily Unavailable";
            await ctx.Response.WriteAsync($"<html><head><title>{title}</title></head><body><center><h1>{title}</h1></center><hr><center>nginx/1.22.1</center></body></html>");
        }));
        var db = Path.Combine(Path.GetTempPath(), $"hb-e2e-desk-{Guid.NewGuid():N}.db");
        var ticketKey = "e2e-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var settings = EndToEndEnvironment.ProbingLoopbackSite(site.Port, db);
        foreach (var (key, value) in EndToEndEnvironment.TicketReader(ticketKey))
        {
            settings[key] = value;
        }

        // The watch waits a day before its first re-probe: every probe of this test is a click's.
        settings["Incidents__WatchInterval"] = "1.00:00:00";
        settings["Incidents__WatchMaxInterval"] = "1.00:00:00";

        await using var e2e = await EndToEndEnvironment.StartAsync(
            settings,
            HelpdeskTeam.ConfigFile);
        var page = e2e.Browser.Page;
        var cards = page.Locator(".ac-adaptiveCard");
        // The help desk's card is the one with the report times; the reporter's case card has "Reported … · name".
        var incidentCard = cards.Filter(new() { HasText = "First report" });
        var caseCard = cards.Filter(new() { HasText = "502 Bad Gateway ·" });
        try
        {
            await HelpdeskTeam.ConnectEscalationsAsync(e2e.Browser);

            // A user reports the failing site in their personal chat: diagnosed, escalated, ticket shown.
            await e2e.Browser.OpenAsync(HelpdeskTeam.PersonalChat);
            await e2e.Browser.SendMessageAsync($"I'm getting a 502 on {site.BaseAddress}");
            await caseCard.Filter(new() { HasText = "Ticket HD-" }).WaitForAsync();

            // One incident card in the channel, in its own thread (POST /v3/conversations), worded for the help desk.
            await e2e.Browser.OpenAsync(HelpdeskTeam.Escalations);
            await incidentCard.Filter(new() { HasText = "New: nobody has taken it yet" }).WaitForAsync();
            Assert.Equal(1, await incidentCard.CountAsync());
            var text = await incidentCard.InnerTextAsync();
            Assert.Contains("HTTP 502", text, StringComparison.Ordinal);
            Assert.Contains($"1 person: {User}", text, StringComparison.Ordinal);
            Assert.Contains("HD-1001", text, StringComparison.Ordinal);
            Assert.Contains("3 of 3 requests failed (HTTP 502", text, StringComparison.Ordinal);

            await ClickAsync(incidentCard, "Take it");
            await incidentCard.Filter(new() { HasText = $"Taken by {User}" }).WaitForAsync();
            Assert.Equal(0, await incidentCard.GetByRole(AriaRole.Button, new() { Name = "Take it", Exact = true }).CountAsync());

            // Check now: a fresh run from our servers, its result and time on the card. The site answers 503 now, so a
            // card that says 503 shows this run, not the report's; the time shown is the run's (between click and card).
            Volatile.Write(ref status, StatusCodes.Status503ServiceUnavailable);
            var requestsBefore = Volatile.Read(ref requests);
            var clicked = TimeProvider.System.GetUtcNow();
            await ClickAsync(incidentCard, "Check now");
            await incidentCard.Filter(new() { HasText = "3 of 3 requests failed (HTTP 503" }).WaitForAsync();
            var shown = TimeProvider.System.GetUtcNow();
            Assert.True(Volatile.Read(ref requests) >= requestsBefore + 3, "Check now sent no new requests to the site.");
            text = await incidentCard.InnerTextAsync();
            Assert.DoesNotContain("(HTTP 502", text, StringComparison.Ordinal);
            Assert.Contains($"Taken by {User}", text, StringComparison.Ordinal);
            var checkedAt = await e2e.Browser.CardDateTimesAsync(clicked, shown);
            Assert.True(checkedAt.Any(t => text.Contains($") ({t})", StringComparison.Ordinal)), $"The latest check shows none of the times {string.Join(", ", checkedAt)} of the run:\n{text}");

            // Add note: the text goes on the ticket as a comment (read back on the ticket system's own page) and the card counts it.
            const string Note = "Upstream pool wiki-app restarted at 10:40; watching the error rate.";
            await incidentCard.GetByRole(AriaRole.Textbox).FillAsync(Note);
            await ClickAsync(incidentCard, "Add note");
            await incidentCard.Filter(new() { HasText = $"Note added by {User}." }).WaitForAsync();
            text = await incidentCard.InnerTextAsync();
            Assert.Contains("1 on the ticket", text, StringComparison.Ordinal);
            Assert.Equal(string.Empty, await incidentCard.GetByRole(AriaRole.Textbox).InputValueAsync());
            var ticket = await e2e.Browser.ReadPageAsync(new Uri(e2e.Bot.BaseAddress, "tickets/HD-1001"), EndToEndEnvironment.TicketReaderHeaders(ticketKey));
            Assert.Contains("Comments (1)", ticket, StringComparison.Ordinal);
            Assert.Contains($"Note from {User} (help desk): {Note}", ticket, StringComparison.Ordinal);

            // Resolve re-checks first: still failing, so the card asks, and "Keep it open" leaves it open.
            await ClickAsync(incidentCard, "Resolve");
            await incidentCard.Filter(new() { HasText = "Still failing from our servers — resolve anyway?" }).WaitForAsync();
            await ClickAsync(incidentCard, "Keep it open");
            await incidentCard.Filter(new() { HasNotText = "resolve anyway?" }).Filter(new() { HasText = $"Taken by {User}" }).WaitForAsync();

            // The site is repaired: Resolve finds it healthy and resolves without asking.
            Volatile.Write(ref status, StatusCodes.Status200OK);
            await ClickAsync(incidentCard, "Resolve");
            await incidentCard.Filter(new() { HasText = $"Resolved by {User}" }).WaitForAsync();
            text = await incidentCard.InnerTextAsync();
            Assert.Contains("3 of 3 requests succeeded (HTTP 200", text, StringComparison.Ordinal);
            Assert.DoesNotContain("resolve anyway?", text, StringComparison.Ordinal);
            Assert.Equal(1, await incidentCard.GetByRole(AriaRole.Button, new() { Name = "Reopen", Exact = true }).CountAsync());
            Assert.Equal(1, await incidentCard.CountAsync());
            await e2e.Browser.ScreenshotAsync(incidentCard, "helpdesk-1-channel-incident-card");

            // The reporter's own card now says it is fixed (verified: our servers see it working), and they got one message.
            await e2e.Browser.OpenAsync(HelpdeskTeam.PersonalChat);
            var fixedCard = caseCard.Filter(new() { HasText = "Fixed since" });
            await fixedCard.WaitForAsync();
            text = await fixedCard.InnerTextAsync();
            Assert.Contains("our servers see it working", text, StringComparison.Ordinal);
            Assert.Contains("Still failing for you?", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Marked fixed", text, StringComparison.Ordinal);
            Assert.Contains("Ticket HD-1001", text, StringComparison.Ordinal);
            // The 502 diagnosis stays, as what our servers saw then, not as the present state of a fixed site.
            Assert.Contains("What our servers saw when you reported it", text, StringComparison.Ordinal);
            Assert.DoesNotContain("It's not you", text, StringComparison.Ordinal);
            Assert.Equal(1, await fixedCard.GetByRole(AriaRole.Button, new() { Name = "Still broken", Exact = true }).CountAsync());
            // Each message of the conversation (text or card) is one Fluent "OutputCard"; the chat list's preview is not.
            var told = page.Locator(".fai-OutputCard").Filter(new() { HasText = "Good news:" });
            await told.First.WaitForAsync();
            Assert.Equal(1, await told.CountAsync());
            Assert.Contains("our servers see it working", await told.InnerTextAsync(), StringComparison.Ordinal);
            await e2e.Browser.ScreenshotAsync(fixedCard, "helpdesk-2-reporter-fixed-card");

            // Reopen after Resolve: the channel card is open again (taken by the same agent, Resolve and Check now back).
            await e2e.Browser.OpenAsync(HelpdeskTeam.Escalations);
            await ClickAsync(incidentCard, "Reopen");
            await incidentCard.Filter(new() { HasText = $"Reopened by {User}." }).WaitForAsync();
            text = await incidentCard.InnerTextAsync();
            Assert.Contains($"Taken by {User}", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Resolved by", text, StringComparison.Ordinal);
            Assert.Contains("1 on the ticket", text, StringComparison.Ordinal);
            foreach (var (button, count) in new[] { ("Reopen", 0), ("Resolve", 1), ("Check now", 1), ("Add note", 1) })
            {
                Assert.Equal(count, await incidentCard.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).CountAsync());
            }

            Assert.Equal(1, await incidentCard.CountAsync());
            await e2e.Browser.ScreenshotAsync(incidentCard, "helpdesk-3-channel-reopened");

            // The reporter's card no longer says it is fixed: it says it was reopened (no second message; the next
            // resolution tells them again).
            await e2e.Browser.OpenAsync(HelpdeskTeam.PersonalChat);
            var reopenedCard = caseCard.Filter(new() { HasText = UserTexts.English.FixReopened });
            await reopenedCard.WaitForAsync();
            text = await reopenedCard.InnerTextAsync();
            Assert.DoesNotContain("Fixed since", text, StringComparison.Ordinal);
            Assert.Contains("Ticket HD-1001", text, StringComparison.Ordinal);
            Assert.Equal(0, await reopenedCard.GetByRole(AriaRole.Button, new() { Name = "Still broken", Exact = true }).CountAsync());
            Assert.Equal(1, await told.CountAsync());
            await e2e.Browser.ScreenshotAsync(reopenedCard, "helpdesk-4-reporter-reopened-card");
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw await e2e.FailureAsync(e, "helpdesk-failure");
        }
        finally
        {
            EndToEndEnvironment.DeleteDatabase(db);
        }
    }

    private static Task ClickAsync(ILocator card, string button) => BrowserSession.ClickAsync(card, button);
}
