using Microsoft.Playwright;

namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>The real client path: Agents Playground in headless Chromium talking to the bot process.</summary>
public sealed class HelloEndToEndTests
{
    [Fact]
    public async Task Hello_gets_a_card_reply_and_its_button_refreshes_the_card()
    {
        await using var e2e = await EndToEndEnvironment.StartAsync();
        if (e2e is null)
        {
            return; // prerequisite missing outside CI (Prerequisite.Require printed why)
        }

        var page = e2e.Browser.Page;
        try
        {
            await e2e.Browser.SendMessageAsync("hello");
            await page.GetByText("Hello! You said: hello").First.WaitForAsync();
            await e2e.Browser.ScreenshotAsync("protocol-hello-reply");

            await page.GetByRole(AriaRole.Button, new() { Name = "Say hello again" }).First.ClickAsync();
            await page.GetByText("Card refreshed (1×).").First.WaitForAsync();
            await e2e.Browser.ScreenshotAsync("protocol-hello-card-refreshed");
        }
        catch (TimeoutException e)
        {
            await e2e.Browser.ScreenshotAsync("protocol-hello-failure");
            throw new TimeoutException(e.Message + "\n" + e2e.Diagnostics, e);
        }
    }
}
