using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>
/// The help desk's side in the real client path: Agents Playground (with a team "IT Help Desk" that has an
/// Escalations channel) in headless Chromium, the bot process, and a loopback site that answers 502 until it is
/// repaired. Everything is asserted on what the Playground renders; screenshots of the channel's incident card and
/// of the reporter's fixed card go to artifacts/screenshots/.
/// </summary>
public sealed class HelpdeskChannelEndToEndTests
{
    private const string BotName = "HelpdeskBot";
    private const string User = "Alex Wilber";

    [Fact]
    public async Task Report_becomes_an_incident_card_in_the_channel_taken_and_resolved_there_and_the_reporter_is_told()
    {
        using var repaired = new ManualResetEventSlim();
        await using var site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.Headers.Server = "nginx/1.22.1";
            if (repaired.IsSet)
            {
                await ctx.Response.WriteAsync("<html><head><title>Wiki</title></head><body>ok</body></html>");
                return;
            }

            ctx.Response.StatusCode = StatusCodes.Status502BadGateway;
            await ctx.Response.WriteAsync("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.22.1</center></body></html>");
        }));
        var db = Path.Combine(Path.GetTempPath(), $"hb-e2e-desk-{Guid.NewGuid():N}.db");
        await using var e2e = await EndToEndEnvironment.StartAsync(
            EndToEndEnvironment.ProbingLoopbackSite(site.Port, db),
            Path.Combine(AppContext.BaseDirectory, "EndToEnd", "helpdesk-team.m365agentsplayground.yml"));
        var page = e2e.Browser.Page;
        var cards = page.Locator(".ac-adaptiveCard");
        // The help desk's card is the one with the report times; the reporter's case card has "Reported … · name".
        var incidentCard = cards.Filter(new() { HasText = "First report" });
        var caseCard = cards.Filter(new() { HasText = "502 Bad Gateway ·" });
        try
        {
            // The help-desk lead connects the Escalations channel: the Playground announces the bot in the team when
            // the channel is first opened (the welcome card), and "@HelpdeskBot use this channel for escalations"
            // connects it; the answer comes in the post's thread.
            await OpenAsync(page, "Escalations");
            await cards.Filter(new() { HasText = "Use this channel for escalations" }).First.WaitForAsync();
            await e2e.Browser.PostMentioningAsync(BotName, "use this channel for escalations");
            await page.GetByText("Connected: escalations now come to this channel").First.WaitForAsync();

            // A user reports the failing site in their personal chat: diagnosed, escalated, ticket shown.
            await OpenAsync(page, "Personal Chat");
            await e2e.Browser.SendMessageAsync($"I'm getting a 502 on {site.BaseAddress}");
            await caseCard.Filter(new() { HasText = "Ticket HD-" }).WaitForAsync();

            // One incident card in the channel, in its own thread (POST /v3/conversations), worded for the help desk.
            await OpenAsync(page, "Escalations");
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

            // Resolve re-checks first: still failing, so the card asks, and "Keep it open" leaves it open.
            await ClickAsync(incidentCard, "Resolve");
            await incidentCard.Filter(new() { HasText = "Still failing from our servers — resolve anyway?" }).WaitForAsync();
            await ClickAsync(incidentCard, "Keep it open");
            await incidentCard.Filter(new() { HasNotText = "resolve anyway?" }).Filter(new() { HasText = $"Taken by {User}" }).WaitForAsync();

            // The site is repaired: Resolve finds it healthy and resolves without asking.
            repaired.Set();
            await ClickAsync(incidentCard, "Resolve");
            await incidentCard.Filter(new() { HasText = $"Resolved by {User}" }).WaitForAsync();
            text = await incidentCard.InnerTextAsync();
            Assert.Contains("3 of 3 requests succeeded (HTTP 200", text, StringComparison.Ordinal);
            Assert.DoesNotContain("resolve anyway?", text, StringComparison.Ordinal);
            Assert.Equal(1, await incidentCard.GetByRole(AriaRole.Button, new() { Name = "Reopen", Exact = true }).CountAsync());
            Assert.Equal(1, await incidentCard.CountAsync());
            await e2e.Browser.ScreenshotAsync(incidentCard, "helpdesk-1-channel-incident-card");

            // The reporter's own card now says it is fixed (verified: our servers see it working), and they got one message.
            await OpenAsync(page, "Personal Chat");
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
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            await e2e.Browser.ScreenshotAsync("helpdesk-failure");
            throw new Xunit.Sdk.XunitException(e.Message + "\n" + e2e.Diagnostics, e);
        }
        finally
        {
            foreach (var f in new[] { db, db + "-wal", db + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    /// <summary>Opens a chat or channel from the Playground's left rail.</summary>
    private static Task OpenAsync(IPage page, string name) => page.GetByText(name, new() { Exact = true }).First.ClickAsync();

    private static Task ClickAsync(ILocator card, string button) => card.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
}
