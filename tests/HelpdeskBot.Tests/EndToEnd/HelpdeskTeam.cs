using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>
/// The Playground's Teams context of the help-desk tests (<c>helpdesk-team.m365agentsplayground.yml</c>): the bot
/// HelpdeskBot, the signed-in user Alex Wilber (a member of the team, so both a reporter and an agent), the personal
/// chat and the team "IT Help Desk" with its Escalations channel.
/// </summary>
internal static class HelpdeskTeam
{
    public const string BotName = "HelpdeskBot";
    public const string User = "Alex Wilber";
    public const string PersonalChat = "Personal Chat";
    public const string PersonalChatId = "personal-chat-id";
    public const string Escalations = "Escalations";

    public static string ConfigFile => Path.Combine(AppContext.BaseDirectory, "EndToEnd", "helpdesk-team.m365agentsplayground.yml");

    /// <summary>
    /// The help-desk lead connects the Escalations channel: the Playground announces the bot in the team when the
    /// channel is first opened (the welcome card), and "@HelpdeskBot use this channel for escalations" connects it;
    /// the answer comes in the post's thread. Both cards are the help desk's, in <paramref name="desk"/>'s language
    /// (<c>Tickets:Language</c>; English when null); the command stays English (it is what the bot understands).
    /// </summary>
    public static async Task ConnectEscalationsAsync(BrowserSession browser, DeskTexts? desk = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        desk ??= DeskTexts.English;
        await browser.OpenAsync(Escalations);
        await WelcomeCard(browser, desk).First.WaitForAsync();
        await browser.PostMentioningAsync(BotName, "use this channel for escalations");
        await ConnectedCard(browser, desk).First.WaitForAsync();
    }

    /// <summary>The welcome card the bot posts when it joins the team: its title and its connect button in <paramref name="desk"/>'s words.</summary>
    public static Microsoft.Playwright.ILocator WelcomeCard(BrowserSession browser, DeskTexts desk) =>
        browser.Page.Locator(".ac-adaptiveCard").Filter(new() { HasText = desk.WelcomeTitle })
            .Filter(new() { Has = browser.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = desk.WelcomeConnect, Exact = true }) });

    /// <summary>
    /// The Connected card: escalations of every team now come to "this channel" (the Playground's channel data names
    /// neither the channel nor the team), in <paramref name="desk"/>'s words.
    /// </summary>
    public static Microsoft.Playwright.ILocator ConnectedCard(BrowserSession browser, DeskTexts desk) =>
        browser.Page.Locator(".ac-adaptiveCard").Filter(new() { HasText = desk.WelcomeConnectedTeam(desk.ConnectedEvery, desk.ThisChannel) });
}
