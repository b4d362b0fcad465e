using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>
/// The conversations of <see cref="LocalizedEndToEndTests"/> in the Agents Playground, checked against the catalogues
/// (<see cref="UserTexts"/>, <see cref="DeskTexts"/>) and the runbooks as the bot loads them, never against strings
/// written here. The Playground writes <c>locale: "en-US"</c> into every activity it makes, so a report goes through
/// its "Mock an Activity" editor with the user's locale, as Teams sends it; the clicks that follow carry en-US and the
/// case keeps the language of its report.
/// </summary>
internal static class LocalizedConversation
{
    public const string Ticket = "HD-1001";

    /// <summary>The runbooks as the bot loads them (copied next to the tests).</summary>
    private static readonly RunbookCatalog Runbooks = new(RunbookLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "runbooks")));

    /// <summary>
    /// A user whose Teams speaks <paramref name="locale"/> reports a 502 in <paramref name="language"/> (the help card's
    /// first example); the site works from our servers, so they get the acknowledgement, the diagnosis with step 1 of the
    /// 502 runbook, step 2 after "still broken", then escalate and follow the fix. The help desk (in
    /// <paramref name="desk"/>'s language, <c>Tickets:Language</c>) takes and resolves the incident card in its channel,
    /// whose dates the browser writes in its language; the reporter's card and their one message say it is fixed.
    /// English (and <paramref name="otherDesks"/> on the help desk's side) is checked absent. One browser, in
    /// <paramref name="locale"/>, plays both; screenshots <paramref name="screenshots"/>-1 … -6.
    /// </summary>
    public static async Task StepsEscalationAndResolutionAsync(string language, string locale, DeskTexts desk, DeskTexts[] otherDesks, string screenshots)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var t = UserTexts.For(language);
        Assert.Equal(language, t.Language); // the catalogue really has the language
        var runbook = Runbooks.Find("http-502", language)!;
        var english = Runbooks.Find("http-502")!;
        Assert.NotEqual(english.FindStep("hard-refresh")!.Title, runbook.FindStep("hard-refresh")!.Title);

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
        var db = Path.Combine(Path.GetTempPath(), $"hb-e2e-{screenshots}-{Guid.NewGuid():N}.db");
        await using var e2e = await EndToEndEnvironment.StartAsync(Settings(site.Port, db, desk.Language), HelpdeskTeam.ConfigFile, browserLocale: locale);

        var cards = e2e.Browser.Page.Locator(".ac-adaptiveCard");
        var caseCard = cards.Filter(new() { HasText = t.ShowEvidence });
        try
        {
            await HelpdeskTeam.ConnectEscalationsAsync(e2e.Browser, desk);

            var reported = await ReportedAndAcknowledgedAsync(e2e, t, locale, target, $"{screenshots}-1-acknowledgement");
            firstAnswer.SetResult();

            // Diagnosis and the first step: the site works from our servers, so the problem is on the user's side.
            var diagnosis = caseCard.Filter(new() { HasText = t.VerdictHealthy("127.0.0.1") });
            await diagnosis.WaitForAsync();
            var text = await diagnosis.InnerTextAsync();
            Assert.Contains(t.RequestsSucceeded(t.Number(3), t.Number(3), "HTTP 200"), text, StringComparison.Ordinal);
            // Step 1 of the 502 runbook in the user's language (the Playground names no platform: the default instructions).
            var refresh = runbook.FindStep("hard-refresh")!;
            Assert.Contains(t.StepHeading("1", refresh.Title), text, StringComparison.Ordinal);
            Assert.Contains(refresh.InstructionsFor(Platform.Unknown), text, StringComparison.Ordinal);
            Assert.DoesNotContain(english.FindStep("hard-refresh")!.Title, text, StringComparison.Ordinal);
            Assert.DoesNotContain(UserTexts.English.StepHeading("1", string.Empty), text, StringComparison.Ordinal);
            Assert.Equal([t.AnswerFixed, t.AnswerStillBroken, t.AnswerCannot], refresh.Answers.Select(a => a.Title));
            foreach (var button in refresh.Answers.Select(a => a.Title).Concat([t.ShowEvidence, t.CheckAgain, t.EscalateNow]))
            {
                Assert.Equal(1, await diagnosis.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).CountAsync());
            }

            foreach (var englishButton in new[] { UserTexts.English.EscalateNow, UserTexts.English.AnswerStillBroken })
            {
                Assert.Equal(0, await diagnosis.GetByRole(AriaRole.Button, new() { Name = englishButton, Exact = true }).CountAsync());
            }

            await e2e.Browser.ScreenshotAsync(diagnosis, $"{screenshots}-2-diagnosis-and-step");

            // Still broken → step 2, in the user's language too (the click carries the Playground's en-US).
            await BrowserSession.ClickAsync(diagnosis, t.AnswerStillBroken);
            var other = runbook.FindStep("other-browser")!;
            var step2 = cards.Filter(new() { HasText = t.StepHeading("2", other.Title) });
            await step2.WaitForAsync();
            text = await step2.InnerTextAsync();
            Assert.Contains(other.InstructionsFor(Platform.Unknown), text, StringComparison.Ordinal);
            Assert.DoesNotContain(english.FindStep("other-browser")!.Title, text, StringComparison.Ordinal);
            foreach (var button in other.Answers.Select(a => a.Title).Append(t.EscalateNow))
            {
                Assert.Equal(1, await step2.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).CountAsync());
            }

            await e2e.Browser.ScreenshotAsync(step2, $"{screenshots}-3-step-2");

            // Escalation, with the step answered, and "tell me when it's fixed".
            await BrowserSession.ClickAsync(step2, t.EscalateNow);
            // The ticket number comes when the outbox has filed it, possibly in a later update of the card.
            var escalated = caseCard.Filter(new() { HasText = t.EscalatedWithSteps }).Filter(new() { HasText = t.TicketCreated(Ticket) });
            await escalated.WaitForAsync();
            text = await escalated.InnerTextAsync();
            Assert.Contains(refresh.Title, text, StringComparison.Ordinal);
            Assert.Contains(t.AnswerStillBroken, text, StringComparison.Ordinal);
            await BrowserSession.ClickAsync(escalated, t.FollowFixButton);
            await caseCard.Filter(new() { HasText = t.FollowingFix }).WaitForAsync();
            await e2e.Browser.ScreenshotAsync(caseCard, $"{screenshots}-4-escalated");

            // The help desk's incident card in its channel, in its language, taken and resolved there: the re-check finds
            // the site working, so it resolves at once. Its dates are the browser's (the incident opened with the escalation).
            await e2e.Browser.OpenAsync(HelpdeskTeam.Escalations);
            var incidentCard = cards.Filter(new() { HasText = desk.CardFirstReport });
            await incidentCard.Filter(new() { HasText = desk.StatusNew }).Filter(new() { HasText = Ticket }).WaitForAsync();
            Assert.Equal(1, await incidentCard.CountAsync());
            text = await incidentCard.InnerTextAsync();
            // The problem is the 502 the user reported; our servers' 200 is only the latest check's evidence.
            Assert.StartsWith("HTTP 502 · ", text, StringComparison.Ordinal);
            await WrittenInReadersLanguageAsync(text, e2e.Browser, "en-US", reported, TimeProvider.System.GetUtcNow());
            foreach (var button in new[] { desk.CardTake, desk.CardCheckNow, desk.CardAddNote, desk.CardResolve })
            {
                Assert.Equal(1, await incidentCard.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).CountAsync());
            }

            foreach (var otherDesk in otherDesks)
            {
                foreach (var label in new[] { otherDesk.CardFirstReport, otherDesk.CardAffected, otherDesk.StatusNew })
                {
                    Assert.DoesNotContain(label, text, StringComparison.Ordinal);
                }
            }

            await BrowserSession.ClickAsync(incidentCard, desk.CardTake);
            await incidentCard.Filter(new() { HasText = desk.StatusTakenBy(HelpdeskTeam.User) }).WaitForAsync();
            await BrowserSession.ClickAsync(incidentCard, desk.CardResolve);
            var resolved = incidentCard.Filter(new() { HasText = desk.StatusResolvedBy(HelpdeskTeam.User) });
            await resolved.WaitForAsync();
            text = await resolved.InnerTextAsync();
            Assert.Contains(Around(a => desk.CheckSucceeded(desk.Number(3), desk.Number(3), a))[0], text, StringComparison.Ordinal);
            Assert.Equal(1, await resolved.GetByRole(AriaRole.Button, new() { Name = desk.CardReopen, Exact = true }).CountAsync());
            foreach (var otherDesk in otherDesks)
            {
                Assert.DoesNotContain(Around(otherDesk.StatusResolvedBy)[0], text, StringComparison.Ordinal);
                Assert.Equal(0, await resolved.GetByRole(AriaRole.Button, new() { Name = otherDesk.CardReopen, Exact = true }).CountAsync());
            }

            await e2e.Browser.ScreenshotAsync(resolved, $"{screenshots}-5-channel-incident-card");

            // The reporter's card and their one message say it is fixed, in the user's language.
            await ReporterToldItIsFixedAsync(e2e, t, [UserTexts.English], target, $"{screenshots}-6-reporter-fixed-card");
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw await e2e.FailureAsync(e, $"{screenshots}-failure");
        }
        finally
        {
            firstAnswer.TrySetResult();
            EndToEndEnvironment.DeleteDatabase(db);
        }
    }

    /// <summary>
    /// Bot settings for a conversation with the loopback site on <paramref name="port"/> (store at <paramref name="database"/>)
    /// and a help desk in <paramref name="deskLanguage"/>: the probes wait for a held first answer, and the incident watch
    /// waits a day before its first re-probe, so the only re-check is Resolve's.
    /// </summary>
    public static Dictionary<string, string?> Settings(int port, string database, string deskLanguage)
    {
        var settings = EndToEndEnvironment.ProbingLoopbackSite(port, database);
        // Room for the held answer: an attempt waits up to a minute, the whole diagnosis up to 90 seconds.
        settings["Probes__AttemptTimeout"] = "00:01:00";
        settings["Probes__TimeBudget"] = "00:01:30";
        settings["Tickets__Language"] = deskLanguage;
        settings["Incidents__WatchInterval"] = "1.00:00:00";
        settings["Incidents__WatchMaxInterval"] = "1.00:00:00";
        return settings;
    }

    /// <summary>
    /// In the personal chat, the user reports a 502 on <paramref name="target"/> in <paramref name="t"/>'s language (the
    /// help card's first example) with <paramref name="locale"/>, through Mock an Activity, and sees the acknowledgement
    /// while our servers check (saved as <paramref name="screenshot"/>). Returns the time just before the report.
    /// </summary>
    public static async Task<DateTimeOffset> ReportedAndAcknowledgedAsync(EndToEndEnvironment e2e, UserTexts t, string locale, string target, string screenshot)
    {
        ArgumentNullException.ThrowIfNull(e2e);
        ArgumentNullException.ThrowIfNull(t);
        await e2e.Browser.OpenAsync(HelpdeskTeam.PersonalChat);
        var report = t.HelpExamples.Split('\n')[0].TrimStart('-', ' ').Replace("wiki.contoso.com", target, StringComparison.Ordinal);
        var reported = TimeProvider.System.GetUtcNow();
        await e2e.Browser.MockActivityAsync(e2e.Playground.Address, HelpdeskTeam.PersonalChatId, activity =>
        {
            activity["type"] = "message";
            activity["text"] = report;
            activity["locale"] = locale;
            activity["from"]!["name"] = HelpdeskTeam.User;
        });

        var acknowledgement = e2e.Browser.Page.Locator(".ac-adaptiveCard").Filter(new() { HasText = t.CheckingDetail });
        await acknowledgement.WaitForAsync();
        Assert.Contains(t.CheckingTarget(target), await acknowledgement.InnerTextAsync(), StringComparison.Ordinal);
        await e2e.Browser.ScreenshotAsync(acknowledgement, screenshot);
        return reported;
    }

    /// <summary>
    /// In the personal chat, the reporter's case card says the incident is fixed (verified by our servers, the evidence as
    /// reported, the ticket, a Still broken button) and one message tells them so, all in <paramref name="t"/>'s language
    /// and none in <paramref name="others"/>'; the card is saved as <paramref name="screenshot"/>.
    /// </summary>
    public static async Task ReporterToldItIsFixedAsync(EndToEndEnvironment e2e, UserTexts t, UserTexts[] others, string target, string screenshot)
    {
        ArgumentNullException.ThrowIfNull(e2e);
        ArgumentNullException.ThrowIfNull(t);
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
    /// as <paramref name="reader"/>'s browser writes it, and not as a reader in <paramref name="otherLocale"/> would.
    /// </summary>
    public static async Task WrittenInReadersLanguageAsync(string text, BrowserSession reader, string otherLocale, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var readers = await reader.CardDateTimesAsync(from, to);
        var others = await reader.CardDateTimesAsync(from, to, otherLocale);
        Assert.Empty(readers.Intersect(others)); // the two languages write them differently, so the check can tell
        Assert.True(readers.Any(d => text.Contains(d, StringComparison.Ordinal)), $"None of {string.Join(" | ", readers)} in:\n{text}");
        Assert.DoesNotContain(others, d => text.Contains(d, StringComparison.Ordinal));
    }

    /// <summary>The fixed parts of a text with one placeholder (e.g. the date a card's renderer fills in), in order.</summary>
    public static string[] Around(Func<string, string> format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format("\u0001").Split('\u0001', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
