using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>
/// Conversations in other languages from report to resolved in the real client path (Agents Playground with the
/// help-desk team, headless Chromium in the user's language, the bot process, a loopback site): a German user with an
/// English help desk, a Japanese user with a Japanese help desk, a French user with a German help desk. Every
/// user-facing text is checked against the catalogues and the runbooks as the bot loads them
/// (<see cref="LocalizedConversation"/>).
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class LocalizedEndToEndTests
{
    private const string Ticket = LocalizedConversation.Ticket;

    /// <summary>The Noto CJK font of Debian's fonts-noto-cjk (the file ./test.sh checks for).</summary>
    private const string CjkFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    [Fact]
    public Task A_German_user_is_answered_in_German_from_the_report_to_the_fixed_card_resolved_from_the_channel() =>
        LocalizedConversation.StepsEscalationAndResolutionAsync("de", "de-DE", DeskTexts.English, [], "de");

    /// <summary>
    /// A Japanese company: the user (<c>locale: ja-JP</c>) and the help desk (<c>Tickets:Language=ja</c>) both read
    /// Japanese, in a Japanese browser. Chromium needs a CJK font to draw the text (Debian's fonts-noto-cjk, installed
    /// by ./test.sh); without one the cards are empty boxes in the screenshots.
    /// </summary>
    [Fact]
    public Task A_Japanese_user_and_a_Japanese_help_desk_read_Japanese_from_the_report_to_the_fixed_card()
    {
        Prerequisite.Check(File.Exists(CjkFont), CjkFont, "fonts-noto-cjk: Chromium draws Japanese with it; ./test.sh installs it");
        return LocalizedConversation.StepsEscalationAndResolutionAsync("ja", "ja-JP", DeskTexts.For("ja"), [DeskTexts.English], "ja");
    }

    /// <summary>
    /// A French user (<c>locale: fr-FR</c>, sent through the "Mock an Activity" editor) and a German help desk
    /// (<c>Tickets:Language=de</c>): each reads only their own language. The site fails from our servers too, so the
    /// report is escalated at once; the help desk's welcome and Connected cards (the Playground's install and join carry
    /// its en-US, which they do not follow) and the incident card with its buttons are German (Desk.de.resx through
    /// <see cref="DeskTexts"/>), the user's acknowledgement, diagnosis, fixed card and message French (Texts.fr.resx),
    /// and the other languages' versions are absent. The agent works in a second page with a German browser, so the
    /// incident card's dates (written by each reader's client) are checked German there, not French. (The card's
    /// <c>lang</c>, the schema's hint for its date functions, is not sent: the Playground's renderer, the Adaptive Cards
    /// JavaScript SDK, checks it with a global regular expression that rejects every second card that has one.)
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
        // The user's browser is French; the help desk reads its channel in a German browser (a second page of the same
        // Playground in the same Chromium), as each reader's Teams client writes the cards' dates in its own language.
        await using var e2e = await EndToEndEnvironment.StartAsync(LocalizedConversation.Settings(site.Port, db, desk.Language), HelpdeskTeam.ConfigFile, browserLocale: "fr-FR");
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
            var reported = await LocalizedConversation.ReportedAndAcknowledgedAsync(e2e, t, "fr-FR", target, "fr-de-1-acknowledgement");
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
            Assert.Contains(LocalizedConversation.Around(a => desk.CheckFailed(desk.Number(3), desk.Number(3), a))[0], text, StringComparison.Ordinal);
            await LocalizedConversation.WrittenInReadersLanguageAsync(text, agent, "fr-FR", reported, seen);
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
            await LocalizedConversation.WrittenInReadersLanguageAsync(text, agent, "fr-FR", resolving, resolvedSeen);
            Assert.Contains(LocalizedConversation.Around(a => desk.CheckSucceeded(desk.Number(3), desk.Number(3), a))[0], text, StringComparison.Ordinal);
            Assert.Equal(1, await resolved.GetByRole(AriaRole.Button, new() { Name = desk.CardReopen, Exact = true }).CountAsync());
            foreach (var other in new[] { DeskTexts.English, frenchDesk })
            {
                Assert.DoesNotContain(LocalizedConversation.Around(other.StatusResolvedBy)[0], text, StringComparison.Ordinal);
                Assert.Equal(0, await resolved.GetByRole(AriaRole.Button, new() { Name = other.CardReopen, Exact = true }).CountAsync());
            }

            await agent.ScreenshotAsync(resolved, "fr-de-3-channel-incident-card");

            // The reporter's card and their one message say it is fixed, in French.
            await LocalizedConversation.ReporterToldItIsFixedAsync(e2e, t, [UserTexts.English, germanUser], target, "fr-de-4-reporter-fixed-card");
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

}
