using HelpdeskBot.Admin;

namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>
/// Bot process + Agents Playground + headless Chromium on the playground page, ready to chat. A missing
/// prerequisite skips the test (<see cref="Prerequisite"/>; failed under CI=true). Reuse it for whole-conversation tests.
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
    /// <param name="browserLocale">The browser's language (see <see cref="BrowserSession.StartAsync"/>).</param>
    public static async Task<EndToEndEnvironment> StartAsync(IReadOnlyDictionary<string, string?>? botEnvironment = null, string? playgroundConfig = null, string browserLocale = "en-US")
    {
        var playgroundBinary = PlaygroundProcess.LocateBinary();
        var chromium = BrowserSession.LocateChromium();

        // The three start at once: the Playground needs only the bot's address, not the bot, and the browser needs
        // neither until it opens the Playground's page.
        var bot = BotProcess.Launch(botEnvironment);
        var playgroundStart = PlaygroundProcess.StartAsync(playgroundBinary, bot.MessagesEndpoint, playgroundConfig);
        var browserStart = BrowserSession.StartAsync(chromium, browserLocale);
        try
        {
            await Task.WhenAll(bot.WaitReadyAsync(), playgroundStart, browserStart);
            var playground = await playgroundStart;
            var browser = await browserStart;
            // Generous: on a loaded CI machine the playground's bundle can take long to load.
            await browser.Page.GotoAsync(playground.Address.ToString(), new() { WaitUntil = Microsoft.Playwright.WaitUntilState.DOMContentLoaded, Timeout = 120_000 });
            return new EndToEndEnvironment(bot, playground, browser);
        }
        catch
        {
            // Every part that did start is stopped, whichever failed.
            await Task.WhenAll(Settle(playgroundStart), Settle(browserStart));
            if (browserStart.IsCompletedSuccessfully)
            {
                await (await browserStart).DisposeAsync();
            }

            if (playgroundStart.IsCompletedSuccessfully)
            {
                await (await playgroundStart).DisposeAsync();
            }

            await bot.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits for <paramref name="start"/> to end, successfully or not (its failure is reported by whoever awaited it first).</summary>
    private static Task Settle(Task start) => start.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>
    /// Bot settings for a test that reports a loopback site: the store in SQLite at <paramref name="database"/>, the
    /// site's network and <paramref name="port"/> allowed, resolvers on a closed loopback port (nothing leaves the machine).
    /// </summary>
    public static Dictionary<string, string?> ProbingLoopbackSite(int port, string database) => new()
    {
        ["Storage__Sqlite__Path"] = database,
        ["Probes__AllowedNetworks__0"] = "127.0.0.0/8",
        ["Probes__AllowedPorts__0"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Probes__Resolvers__0"] = "127.0.0.1:9",
        ["Probes__SystemResolver"] = "127.0.0.1:9",
        ["Probes__DnsTimeout"] = "00:00:00.300",
        ["Probes__HttpAttempts"] = "3",
    };

    /// <summary>
    /// Settings that let a test read the embedded ticket system's pages (<c>/tickets</c>, scope tickets.read) with the
    /// header <see cref="TicketReaderHeaders"/>: a key made for this run.
    /// </summary>
    public static Dictionary<string, string?> TicketReader(string key) => new()
    {
        ["Admin__ApiKeys__0__Name"] = "e2e-ticket-reader",
        ["Admin__ApiKeys__0__Key"] = key,
        ["Admin__ApiKeys__0__Scopes__0"] = AdminScopes.TicketsRead,
    };

    public static KeyValuePair<string, string>[] TicketReaderHeaders(string key) => [new(AdminAuthentication.ApiKeyHeader, key)];

    /// <summary>Bot and playground output, for assertion messages.</summary>
    public string Diagnostics => $"--- bot ---\n{Bot.Output}\n--- playground ---\n{Playground.Output}";

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Playground.DisposeAsync();
        await Bot.DisposeAsync();
    }
}
