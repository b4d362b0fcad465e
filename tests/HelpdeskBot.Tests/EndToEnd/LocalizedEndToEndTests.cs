using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>
/// One German conversation from report to resolved in the real client path (Agents Playground with the help-desk team,
/// headless Chromium in German, the bot process, a loopback site). The Playground writes <c>locale: "en-US"</c> into
/// every activity it makes and its configuration has no setting for it, so the report goes through its "Mock an
/// Activity" editor with <c>locale: "de-DE"</c>, as Teams sends it for a German user; the clicks that follow carry the
/// Playground's en-US and the case keeps the language of its report. Every user-facing text is checked against the
/// German catalogue (Texts.de.resx through <see cref="UserTexts"/>), never against strings written here.
/// </summary>
public sealed class LocalizedEndToEndTests
{
    private const string Language = "de";
    private const string Ticket = "HD-1001";

    [Fact]
    public async Task A_German_user_is_answered_in_German_from_the_report_to_the_fixed_card_resolved_from_the_channel()
    {
        var t = UserTexts.For(Language);
        Assert.NotEqual(UserTexts.English.EscalateNow, t.EscalateNow); // the catalogue really has German texts

        // The site works from our servers (so the user gets steps, then escalates), but holds its first answer until the
        // test has seen the acknowledgement: the card that says "checking" is replaced by the diagnosis once it is done.
        var firstAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            await firstAnswer.Task.WaitAsync(ctx.RequestAborted);
            ctx.Response.Headers.Server = "nginx/1.22.1";
            await ctx.Response.WriteAsync("<html><head><title>Wiki</title></head><body>ok</body></html>");
        }));
        var target = site.BaseAddress.ToString();
        var db = Path.Combine(Path.GetTempPath(), $"hb-e2e-de-{Guid.NewGuid():N}.db");
        var settings = EndToEndEnvironment.ProbingLoopbackSite(site.Port, db);
        // Room for the held answer: an attempt waits up to a minute, the whole diagnosis up to 90 seconds.
        settings["Probes__AttemptTimeout"] = "00:01:00";
        settings["Probes__TimeBudget"] = "00:01:30";
        await using var e2e = await EndToEndEnvironment.StartAsync(settings, HelpdeskTeam.ConfigFile, browserLocale: "de-DE");

        var page = e2e.Browser.Page;
        var cards = page.Locator(".ac-adaptiveCard");
        var caseCard = cards.Filter(new() { HasText = t.ShowEvidence });
        try
        {
            await HelpdeskTeam.ConnectEscalationsAsync(e2e.Browser);

            // The report, in German with the German locale: the help card's first example with the test's site.
            await e2e.Browser.OpenAsync(HelpdeskTeam.PersonalChat);
            var report = t.HelpExamples.Split('\n')[0].TrimStart('-', ' ').Replace("wiki.contoso.com", target, StringComparison.Ordinal);
            await e2e.Browser.MockActivityAsync(e2e.Playground.Address, HelpdeskTeam.PersonalChatId, activity =>
            {
                activity["type"] = "message";
                activity["text"] = report;
                activity["locale"] = "de-DE";
                activity["from"]!["name"] = HelpdeskTeam.User;
            });

            // Acknowledgement while our servers check.
            var acknowledgement = cards.Filter(new() { HasText = t.CheckingDetail });
            await acknowledgement.WaitForAsync();
            Assert.Contains(t.CheckingTarget(target), await acknowledgement.InnerTextAsync(), StringComparison.Ordinal);
            await e2e.Browser.ScreenshotAsync(acknowledgement, "de-1-acknowledgement");
            firstAnswer.SetResult();

            // Diagnosis and the first step: the site works from our servers, so the problem is on the user's side.
            var diagnosis = caseCard.Filter(new() { HasText = t.VerdictHealthy("127.0.0.1") });
            await diagnosis.WaitForAsync();
            var text = await diagnosis.InnerTextAsync();
            Assert.Contains(t.RequestsSucceeded(t.Number(3), t.Number(3), "HTTP 200"), text, StringComparison.Ordinal);
            Assert.Contains(t.StepHeading("1", string.Empty), text, StringComparison.Ordinal);
            Assert.DoesNotContain(UserTexts.English.StepHeading("1", string.Empty), text, StringComparison.Ordinal);
            foreach (var button in new[] { t.ShowEvidence, t.CheckAgain, t.EscalateNow })
            {
                Assert.Equal(1, await diagnosis.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).CountAsync());
            }

            Assert.Equal(0, await diagnosis.GetByRole(AriaRole.Button, new() { Name = UserTexts.English.EscalateNow, Exact = true }).CountAsync());
            await e2e.Browser.ScreenshotAsync(diagnosis, "de-2-diagnosis-and-step");

            // Escalation (the click carries the Playground's en-US; the case stays German), and "tell me when it's fixed".
            await BrowserSession.ClickAsync(diagnosis, t.EscalateNow);
            var escalated = caseCard.Filter(new() { HasText = t.EscalatedWithSteps });
            await escalated.WaitForAsync();
            Assert.Contains(t.TicketCreated(Ticket), await escalated.InnerTextAsync(), StringComparison.Ordinal);
            await BrowserSession.ClickAsync(escalated, t.FollowFixButton);
            await caseCard.Filter(new() { HasText = t.FollowingFix }).WaitForAsync();
            await e2e.Browser.ScreenshotAsync(caseCard, "de-3-escalated");

            // The help desk resolves it from its channel (its cards are in the help desk's language): the re-check finds
            // the site working, so it resolves at once.
            await e2e.Browser.OpenAsync(HelpdeskTeam.Escalations);
            var incidentCard = cards.Filter(new() { HasText = "First report" });
            await incidentCard.Filter(new() { HasText = Ticket }).WaitForAsync();
            await BrowserSession.ClickAsync(incidentCard, "Resolve");
            await incidentCard.Filter(new() { HasText = $"Resolved by {HelpdeskTeam.User}" }).WaitForAsync();

            // The reporter's card and their one message say it is fixed, in German.
            await e2e.Browser.OpenAsync(HelpdeskTeam.PersonalChat);
            var fixedCard = caseCard.Filter(new() { HasText = Around(t.FixedVerified)[0] });
            await fixedCard.WaitForAsync();
            text = await fixedCard.InnerTextAsync();
            foreach (var part in Around(t.FixedVerified).Append(t.EvidenceAsReported).Append(t.TicketCreated(Ticket)))
            {
                Assert.Contains(part, text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(Around(UserTexts.English.FixedVerified)[0], text, StringComparison.Ordinal);
            Assert.Equal(1, await fixedCard.GetByRole(AriaRole.Button, new() { Name = t.StillBroken, Exact = true }).CountAsync());
            var told = page.Locator(".fai-OutputCard").Filter(new() { HasText = t.FixedMessageVerified(target, t.FixedMessageTicket(Ticket)) });
            await told.First.WaitForAsync();
            Assert.Equal(1, await told.CountAsync());
            await e2e.Browser.ScreenshotAsync(fixedCard, "de-4-reporter-fixed-card");
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            await e2e.Browser.ScreenshotAsync("de-failure");
            throw new Xunit.Sdk.XunitException(e.Message + "\n" + e2e.Diagnostics, e);
        }
        finally
        {
            firstAnswer.TrySetResult();
            foreach (var f in new[] { db, db + "-wal", db + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    /// <summary>The fixed parts of a text with one placeholder (e.g. the date a card's renderer fills in), in order.</summary>
    private static string[] Around(Func<string, string> format) =>
        format("\u0001").Split('\u0001', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
