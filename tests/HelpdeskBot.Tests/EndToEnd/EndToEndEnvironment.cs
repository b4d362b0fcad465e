namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>
/// Bot process + Agents Playground + headless Chromium on the playground page, ready to chat. Null when a
/// prerequisite is missing outside CI (the test returns). Reuse it for whole-conversation tests.
/// </summary>
internal sealed class EndToEndEnvironment : IAsyncDisposable
{
    private EndToEndEnvironment(BotProcess bot, PlaygroundProcess playground, BrowserSession browser)
    {
        Bot = bot;
        Playground = playground;
        Browser = browser;
    }

    public BotProcess Bot { get; }

    public PlaygroundProcess Playground { get; }

    public BrowserSession Browser { get; }

    /// <param name="playgroundConfig">The Playground's Teams context (see <see cref="PlaygroundProcess.StartAsync"/>); null for its built-in one.</param>
    public static async Task<EndToEndEnvironment?> StartAsync(IReadOnlyDictionary<string, string?>? botEnvironment = null, string? playgroundConfig = null)
    {
        var playgroundBinary = PlaygroundProcess.LocateBinary();
        var chromium = BrowserSession.LocateChromium();
        if (playgroundBinary is null || chromium is null)
        {
            return null;
        }

        BotProcess? bot = null;
        PlaygroundProcess? playground = null;
        try
        {
            bot = await BotProcess.StartAsync(botEnvironment);
            playground = await PlaygroundProcess.StartAsync(playgroundBinary, bot.MessagesEndpoint, playgroundConfig);
            var browser = await BrowserSession.StartAsync(chromium);
            // Generous: on a loaded CI machine the playground's bundle can take long to load.
            await browser.Page.GotoAsync(playground.Address.ToString(), new() { WaitUntil = Microsoft.Playwright.WaitUntilState.DOMContentLoaded, Timeout = 120_000 });
            return new EndToEndEnvironment(bot, playground, browser);
        }
        catch
        {
            if (playground is not null)
            {
                await playground.DisposeAsync();
            }

            if (bot is not null)
            {
                await bot.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Bot and playground output, for assertion messages.</summary>
    public string Diagnostics => $"--- bot ---\n{Bot.Output}\n--- playground ---\n{Playground.Output}";

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Playground.DisposeAsync();
        await Bot.DisposeAsync();
    }
}
