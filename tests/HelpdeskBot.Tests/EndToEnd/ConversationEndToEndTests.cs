using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>
/// The troubleshooting conversation in the real client path: Agents Playground in headless Chromium, the bot
/// process probing a healthy loopback site. Keeps a screenshot of each card under artifacts/screenshots/.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class ConversationEndToEndTests
{
    [Fact]
    public async Task Report_shows_diagnosis_then_two_steps_then_the_resolved_card()
    {
        await using var site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.Headers.Server = "nginx";
            await ctx.Response.WriteAsync("<html><head><title>Wiki</title></head><body>ok</body></html>");
        }));
        var db = Path.Combine(Path.GetTempPath(), $"hb-e2e-{Guid.NewGuid():N}.db");
        await using var e2e = await EndToEndEnvironment.StartAsync(EndToEndEnvironment.ProbingLoopbackSite(site.Port, db));
        var page = e2e.Browser.Page;
        try
        {
            await e2e.Browser.SendMessageAsync($"I'm getting a 502 on {site.BaseAddress}");
            await page.GetByText("works from our servers").First.WaitForAsync();
            await page.GetByText("Step 1: Reload the page without the browser cache").First.WaitForAsync();
            await e2e.Browser.ScreenshotAsync("conversation-1-diagnosis");

            await page.GetByRole(AriaRole.Button, new() { Name = "Still broken" }).Last.ClickAsync();
            await page.GetByText("Step 2: Try another browser or a private window").First.WaitForAsync();
            await e2e.Browser.ScreenshotAsync("conversation-2-step-2");

            await page.GetByRole(AriaRole.Button, new() { Name = "Still broken" }).Last.ClickAsync();
            await page.GetByText("Step 3: Try without the proxy").First.WaitForAsync();
            await e2e.Browser.ScreenshotAsync("conversation-3-step-3");

            await page.GetByRole(AriaRole.Button, new() { Name = "That fixed it" }).Last.ClickAsync();
            await page.GetByText("Glad it works again!").First.WaitForAsync();
            await e2e.Browser.ScreenshotAsync("conversation-4-resolved");
        }
        catch (TimeoutException e)
        {
            await e2e.Browser.ScreenshotAsync("conversation-failure");
            throw new TimeoutException(e.Message + "\n" + e2e.Diagnostics, e);
        }
        finally
        {
            EndToEndEnvironment.DeleteDatabase(db);
        }
    }
}
