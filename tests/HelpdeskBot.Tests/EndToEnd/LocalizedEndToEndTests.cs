using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Localization;
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
/// German catalogue (Texts.de.resx through <see cref="UserTexts"/>) and the German runbook texts (http-502.de.yaml
/// through the runbook loader), never against strings written here.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class LocalizedEndToEndTests
{
    private const string Language = "de";
    private const string Ticket = "HD-1001";

    /// <summary>The runbooks as the bot loads them (copied next to the tests): the 502 runbook in German and in English.</summary>
    private static readonly RunbookCatalog Runbooks = new(RunbookLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "runbooks")));
    private static readonly Runbook Runbook = Runbooks.Find("http-502", Language)!;
    private static readonly Runbook EnglishRunbook = Runbooks.Find("http-502")!;

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
            // Step 1 of the 502 runbook in its German texts (the Playground names no platform: the default instructions).
            var refresh = Runbook.FindStep("hard-refresh")!;
            Assert.Contains(t.StepHeading("1", refresh.Title), text, StringComparison.Ordinal);
            Assert.Contains(refresh.InstructionsFor(Platform.Unknown), text, StringComparison.Ordinal);
            Assert.DoesNotContain(EnglishRunbook.FindStep("hard-refresh")!.Title, text, StringComparison.Ordinal);
            Assert.DoesNotContain(UserTexts.English.StepHeading("1", string.Empty), text, StringComparison.Ordinal);
            Assert.Equal([t.AnswerFixed, t.AnswerStillBroken, t.AnswerCannot], refresh.Answers.Select(a => a.Title));
            foreach (var button in refresh.Answers.Select(a => a.Title).Concat([t.ShowEvidence, t.CheckAgain, t.EscalateNow]))
            {
                Assert.Equal(1, await diagnosis.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).CountAsync());
            }

            foreach (var english in new[] { UserTexts.English.EscalateNow, UserTexts.English.AnswerStillBroken })
            {
                Assert.Equal(0, await diagnosis.GetByRole(AriaRole.Button, new() { Name = english, Exact = true }).CountAsync());
            }

            await e2e.Browser.ScreenshotAsync(diagnosis, "de-2-diagnosis-and-step");

            // Still broken → step 2, in German too (the click carries the Playground's en-US; the case stays German).
            await BrowserSession.ClickAsync(diagnosis, t.AnswerStillBroken);
            var other = Runbook.FindStep("other-browser")!;
            var step2 = cards.Filter(new() { HasText = t.StepHeading("2", other.Title) });
            await step2.WaitForAsync();
            text = await step2.InnerTextAsync();
            Assert.Contains(other.InstructionsFor(Platform.Unknown), text, StringComparison.Ordinal);
            Assert.DoesNotContain(EnglishRunbook.FindStep("other-browser")!.Title, text, StringComparison.Ordinal);
            foreach (var button in other.Answers.Select(a => a.Title).Append(t.EscalateNow))
            {
                Assert.Equal(1, await step2.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).CountAsync());
            }

            await e2e.Browser.ScreenshotAsync(step2, "de-3-step-2");

            // Escalation, with the step answered (in German), and "tell me when it's fixed".
            await BrowserSession.ClickAsync(step2, t.EscalateNow);
            // The ticket number comes when the outbox has filed it, possibly in a later update of the card.
            var escalated = caseCard.Filter(new() { HasText = t.EscalatedWithSteps }).Filter(new() { HasText = t.TicketCreated(Ticket) });
            await escalated.WaitForAsync();
            text = await escalated.InnerTextAsync();
            Assert.Contains(refresh.Title, text, StringComparison.Ordinal);
            Assert.Contains(t.AnswerStillBroken, text, StringComparison.Ordinal);
            await BrowserSession.ClickAsync(escalated, t.FollowFixButton);
            await caseCard.Filter(new() { HasText = t.FollowingFix }).WaitForAsync();
            await e2e.Browser.ScreenshotAsync(caseCard, "de-4-escalated");

            // The help desk resolves it from its channel (its cards are in the help desk's language): the re-check finds
            // the site working, so it resolves at once.
            await e2e.Browser.OpenAsync(HelpdeskTeam.Escalations);
            var incidentCard = cards.Filter(new() { HasText = "First report" });
            await incidentCard.Filter(new() { HasText = Ticket }).WaitForAsync();
            await BrowserSession.ClickAsync(incidentCard, "Resolve");
            await incidentCard.Filter(new() { HasText = $"Resolved by {HelpdeskTeam.User}" }).WaitForAsync();

            // The reporter's card and their one message say it is fixed, in German.
            await ReporterToldItIsFixedAsync(e2e, t, [UserTexts.English], target, "de-5-reporter-fixed-card");
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw await e2e.FailureAsync(e, "de-failure");
        }
        finally
        {
            firstAnswer.TrySetResult();
            EndToEndEnvironment.DeleteDatabase(db);
        }
    }

    /// <summary>
    /// A French user (<c>locale: fr-FR</c>, sent through the "Mock an Activity" editor) and a German help desk
    /// (<c>Tickets:Language=de</c>): each reads only their own language. The site fails from our servers too, so the
    /// report is escalated at once; the help desk's welcome and Connected cards (the Playground's install and join carry
    /// its en-US, which they do not follow) and the incident card with its buttons are German (Desk.de.resx through
    /// <see cref="DeskTexts"/>), the user's acknowledgement, diagnosis, fixed card and message French (Texts.fr.resx),
    /// and the other languages' versions are absent. The agent works in a second page with a German browser, so the
    /// incident card's dates (written by each reader's client) are checked German there, not French.
    /// </summary>
    [Fact]
    public async Task A_French_user_and_a_German_help_desk_each_read_their_own_language_from_the_report_to_the_resolution()
    {
        var t = UserTexts.For("fr");
        var desk = DeskTexts.For("de");
        Assert.Equal("fr", t.Language);
        Assert.Equal("de", desk.Language);
        // The user's texts in the help desk's language and the other way round, and English: none may show.
        var germanUser = UserTexts.For("de");
        var frenchDesk = DeskTexts.For("fr");

        // 502 from the site's nginx until the test repairs it; the first answer waits until the acknowledgement was seen.
        var firstAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var status = StatusCodes.Status502BadGateway;
        await using var site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            await firstAnswer.Task.WaitAsync(ctx.RequestAborted);
            ctx.Response.Headers.Server = "nginx/1.22.1";
            if (Volatile.Read(ref status) == StatusCodes.Status200OK)
            {
                await ctx.Response.WriteAsync("<html><head><title>Wiki</title></head><body>ok</body></html>");
                return;
            }

            ctx.Response.StatusCode = StatusCodes.Status502BadGateway;
            await ctx.Response.WriteAsync("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.22.1</center></body></html>");
        }));
        var target = site.BaseAddress.ToString();
        var db = Path.Combine(Path.GetTempPath(), $"hb-e2e-fr-de-{Guid.NewGuid():N}.db");
        var settings = EndToEndEnvironment.ProbingLoopbackSite(site.Port, db);
        settings["Probes__AttemptTimeout"] = "00:01:00";
        settings["Probes__TimeBudget"] = "00:01:30";
        settings["Tickets__Language"] = desk.Language;
        // The watch waits a day before its first re-probe: the only re-check is Resolve's.
        settings["Incidents__WatchInterval"] = "1.00:00:00";
        settings["Incidents__WatchMaxInterval"] = "1.00:00:00";
        // The user's browser is French; the help desk reads its channel in a German browser (a second page of the same
        // Playground in the same Chromium), as each reader's Teams client writes the cards' dates in its own language.
        await using var e2e = await EndToEndEnvironment.StartAsync(settings, HelpdeskTeam.ConfigFile, browserLocale: "fr-FR");
        await using var agent = await e2e.Browser.AnotherReaderAsync(e2e.Playground.Address, "de-DE");

        var cards = e2e.Browser.Page.Locator(".ac-adaptiveCard");
        var caseCard = cards.Filter(new() { HasText = t.ShowEvidence });
        var incidentCard = agent.Page.Locator(".ac-adaptiveCard").Filter(new() { HasText = desk.CardFirstReport });
        try
        {
            // The help desk's cards in the channel are German although the Playground's join activity says en-US.
            await HelpdeskTeam.ConnectEscalationsAsync(agent, desk);
            var welcome = HelpdeskTeam.WelcomeCard(agent, desk);
            Assert.Equal(1, await welcome.CountAsync());
            Assert.Contains(desk.WelcomeText, await welcome.InnerTextAsync(), StringComparison.Ordinal);
            // Where escalations go now: every team's to this channel (the Playground names neither channel nor team).
            var connected = await HelpdeskTeam.ConnectedCard(agent, desk).First.InnerTextAsync();
            foreach (var part in new[] { desk.ChannelsTitle, desk.ChannelsEveryTeam, desk.ChannelLabelAny })
            {
                Assert.Contains(part, connected, StringComparison.Ordinal);
            }

            foreach (var other in new[] { DeskTexts.English, frenchDesk })
            {
                Assert.Equal(0, await HelpdeskTeam.WelcomeCard(agent, other).CountAsync());
                Assert.Equal(0, await HelpdeskTeam.ConnectedCard(agent, other).CountAsync());
                Assert.DoesNotContain(other.ChannelsTitle, connected, StringComparison.Ordinal);
                Assert.DoesNotContain(other.ChannelLabelAny, connected, StringComparison.Ordinal);
            }

            // The report, in French with the French locale: the help card's first example with the test's site.
            await e2e.Browser.OpenAsync(HelpdeskTeam.PersonalChat);
            var report = t.HelpExamples.Split('\n')[0].TrimStart('-', ' ').Replace("wiki.contoso.com", target, StringComparison.Ordinal);
            var reported = TimeProvider.System.GetUtcNow();
            await e2e.Browser.MockActivityAsync(e2e.Playground.Address, HelpdeskTeam.PersonalChatId, activity =>
            {
                activity["type"] = "message";
                activity["text"] = report;
                activity["locale"] = "fr-FR";
                activity["from"]!["name"] = HelpdeskTeam.User;
            });

            var acknowledgement = cards.Filter(new() { HasText = t.CheckingDetail });
            await acknowledgement.WaitForAsync();
            Assert.Contains(t.CheckingTarget(target), await acknowledgement.InnerTextAsync(), StringComparison.Ordinal);
            await e2e.Browser.ScreenshotAsync(acknowledgement, "fr-de-1-acknowledgement");
            firstAnswer.SetResult();

            // The site fails from our servers too: escalated at once, with the ticket, in French.
            var escalated = caseCard.Filter(new() { HasText = t.EscalatedServerSide }).Filter(new() { HasText = t.TicketCreated(Ticket) });
            await escalated.WaitForAsync();
            var text = await escalated.InnerTextAsync();
            Assert.Contains(t.RequestsFailed(t.Number(3), t.Number(3), "HTTP 502"), text, StringComparison.Ordinal);
            foreach (var other in new[] { UserTexts.English, germanUser })
            {
                Assert.DoesNotContain(other.EscalatedServerSide, text, StringComparison.Ordinal);
                Assert.DoesNotContain(other.RequestsFailed(other.Number(3), other.Number(3), "HTTP 502"), text, StringComparison.Ordinal);
                Assert.Equal(0, await escalated.GetByRole(AriaRole.Button, new() { Name = other.ShowEvidence, Exact = true }).CountAsync());
            }

            await e2e.Browser.ScreenshotAsync(escalated, "fr-de-2-escalated");

            // The incident card in the agent's channel, in German: new, the failure as our servers saw it, its buttons,
            // and the first report's date and time written the German way by the agent's German browser.
            await incidentCard.Filter(new() { HasText = desk.StatusNew }).Filter(new() { HasText = Ticket }).WaitForAsync();
            var seen = TimeProvider.System.GetUtcNow();
            Assert.Equal(1, await incidentCard.CountAsync());
            text = await incidentCard.InnerTextAsync();
            Assert.Contains(Around(a => desk.CheckFailed(desk.Number(3), desk.Number(3), a))[0], text, StringComparison.Ordinal);
            await WrittenInReadersLanguageAsync(text, agent, e2e.Browser, reported, seen);
            foreach (var button in new[] { desk.CardTake, desk.CardCheckNow, desk.CardAddNote, desk.CardResolve })
            {
                Assert.Equal(1, await incidentCard.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).CountAsync());
            }

            foreach (var other in new[] { DeskTexts.English, frenchDesk })
            {
                foreach (var label in new[] { other.CardFirstReport, other.CardAffected, other.StatusNew })
                {
                    Assert.DoesNotContain(label, text, StringComparison.Ordinal);
                }

                foreach (var button in new[] { other.CardTake, other.CardCheckNow, other.CardResolve })
                {
                    Assert.Equal(0, await incidentCard.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).CountAsync());
                }
            }

            await BrowserSession.ClickAsync(incidentCard, desk.CardTake);
            await incidentCard.Filter(new() { HasText = desk.StatusTakenBy(HelpdeskTeam.User) }).WaitForAsync();
            Assert.Equal(0, await incidentCard.GetByRole(AriaRole.Button, new() { Name = desk.CardTake, Exact = true }).CountAsync());

            // Repaired: Resolve re-checks, finds it working and resolves at once.
            Volatile.Write(ref status, StatusCodes.Status200OK);
            var resolving = TimeProvider.System.GetUtcNow();
            await BrowserSession.ClickAsync(incidentCard, desk.CardResolve);
            var resolved = incidentCard.Filter(new() { HasText = desk.StatusResolvedBy(HelpdeskTeam.User) });
            await resolved.WaitForAsync();
            var resolvedSeen = TimeProvider.System.GetUtcNow();
            text = await resolved.InnerTextAsync();
            await WrittenInReadersLanguageAsync(text, agent, e2e.Browser, resolving, resolvedSeen);
            Assert.Contains(Around(a => desk.CheckSucceeded(desk.Number(3), desk.Number(3), a))[0], text, StringComparison.Ordinal);
            Assert.Equal(1, await resolved.GetByRole(AriaRole.Button, new() { Name = desk.CardReopen, Exact = true }).CountAsync());
            foreach (var other in new[] { DeskTexts.English, frenchDesk })
            {
                Assert.DoesNotContain(Around(other.StatusResolvedBy)[0], text, StringComparison.Ordinal);
                Assert.Equal(0, await resolved.GetByRole(AriaRole.Button, new() { Name = other.CardReopen, Exact = true }).CountAsync());
            }

            await agent.ScreenshotAsync(resolved, "fr-de-3-channel-incident-card");

            // The reporter's card and their one message say it is fixed, in French.
            await ReporterToldItIsFixedAsync(e2e, t, [UserTexts.English, germanUser], target, "fr-de-4-reporter-fixed-card");
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            await agent.ScreenshotAsync("fr-de-failure-agent");
            throw await e2e.FailureAsync(e, "fr-de-failure");
        }
        finally
        {
            firstAnswer.TrySetResult();
            EndToEndEnvironment.DeleteDatabase(db);
        }
    }

    /// <summary>
    /// In the personal chat, the reporter's case card says the incident is fixed (verified by our servers, the evidence as
    /// reported, the ticket, a Still broken button) and one message tells them so, all in <paramref name="t"/>'s language
    /// and none in <paramref name="others"/>'; the card is saved as <paramref name="screenshot"/>.
    /// </summary>
    private static async Task ReporterToldItIsFixedAsync(EndToEndEnvironment e2e, UserTexts t, UserTexts[] others, string target, string screenshot)
    {
        await e2e.Browser.OpenAsync(HelpdeskTeam.PersonalChat);
        var fixedCard = e2e.Browser.Page.Locator(".ac-adaptiveCard").Filter(new() { HasText = t.ShowEvidence }).Filter(new() { HasText = Around(t.FixedVerified)[0] });
        await fixedCard.WaitForAsync();
        var text = await fixedCard.InnerTextAsync();
        foreach (var part in Around(t.FixedVerified).Append(t.EvidenceAsReported).Append(t.TicketCreated(Ticket)))
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }

        Assert.Equal(1, await fixedCard.GetByRole(AriaRole.Button, new() { Name = t.StillBroken, Exact = true }).CountAsync());
        foreach (var other in others)
        {
            Assert.DoesNotContain(Around(other.FixedVerified)[0], text, StringComparison.Ordinal);
            Assert.Equal(0, await fixedCard.GetByRole(AriaRole.Button, new() { Name = other.StillBroken, Exact = true }).CountAsync());
        }

        var told = e2e.Browser.Page.Locator(".fai-OutputCard").Filter(new() { HasText = t.FixedMessageVerified(target, t.FixedMessageTicket(Ticket)) });
        await told.First.WaitForAsync();
        Assert.Equal(1, await told.CountAsync());
        await e2e.Browser.ScreenshotAsync(fixedCard, screenshot);
    }

    /// <summary>
    /// <paramref name="text"/> (a card's) shows a date and time between <paramref name="from"/> and <paramref name="to"/>
    /// as <paramref name="reader"/>'s browser writes it, and not as <paramref name="other"/>'s (a reader of another language) does.
    /// </summary>
    private static async Task WrittenInReadersLanguageAsync(string text, BrowserSession reader, BrowserSession other, DateTimeOffset from, DateTimeOffset to)
    {
        var readers = await reader.CardDateTimesAsync(from, to);
        var others = await other.CardDateTimesAsync(from, to);
        Assert.Empty(readers.Intersect(others)); // the two languages write them differently, so the check can tell
        Assert.True(readers.Any(d => text.Contains(d, StringComparison.Ordinal)), $"None of {string.Join(" | ", readers)} in:\n{text}");
        Assert.DoesNotContain(others, d => text.Contains(d, StringComparison.Ordinal));
    }

    /// <summary>The fixed parts of a text with one placeholder (e.g. the date a card's renderer fills in), in order.</summary>
    private static string[] Around(Func<string, string> format) =>
        format("\u0001").Split('\u0001', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
