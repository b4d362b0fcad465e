namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>The real client path: Agents Playground in headless Chromium talking to the bot process.</summary>
public sealed class HelloEndToEndTests
{
    [Fact]
    public async Task Help_gets_a_card_reply_through_the_playground()
    {
        await using var e2e = await EndToEndEnvironment.StartAsync();
        var page = e2e.Browser.Page;
        try
        {
            // The host's handler is the troubleshooting conversation; the Action.Execute round trip through the
            // playground is covered by ConversationEndToEndTests.
            await e2e.Browser.SendMessageAsync("help");
            await page.GetByText("How I can help").First.WaitForAsync();
            await e2e.Browser.ScreenshotAsync("protocol-help-reply");
        }
        catch (TimeoutException e)
        {
            await e2e.Browser.ScreenshotAsync("protocol-hello-failure");
            throw new TimeoutException(e.Message + "\n" + e2e.Diagnostics, e);
        }
    }
}
