using Microsoft.Playwright;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>Headless Chromium signed in to the agents' pages with HTTP Basic, as a person answers the browser's prompt.</summary>
internal sealed class AgentBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;

    private AgentBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<AgentBrowser> OpenAsync(string chromium, string user, string key)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        });
        // HTTP credentials answer the Basic challenge exactly as a person does in the browser's prompt.
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            HttpCredentials = new HttpCredentials { Username = user, Password = key },
            ViewportSize = new ViewportSize { Width = 1180, Height = 900 },
        });
        return new AgentBrowser(playwright, browser, context, await context.NewPageAsync());
    }

    /// <summary>A full-page screenshot to artifacts/screenshots/<paramref name="name"/>, and its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var screenshot = RepositoryRoot.Combine("artifacts", "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        return screenshot;
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
