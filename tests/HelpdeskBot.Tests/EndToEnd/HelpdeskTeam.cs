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
    /// the answer comes in the post's thread.
    /// </summary>
    public static async Task ConnectEscalationsAsync(BrowserSession browser)
    {
        ArgumentNullException.ThrowIfNull(browser);
        await browser.OpenAsync(Escalations);
        await browser.Page.Locator(".ac-adaptiveCard").Filter(new() { HasText = "Use this channel for escalations" }).First.WaitForAsync();
        await browser.PostMentioningAsync(BotName, "use this channel for escalations");
        await browser.Page.GetByText("Connected: escalations now come to this channel").First.WaitForAsync();
    }
}
