using HelpdeskBot.Testing;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>Headless Chromium (the Debian package, no browser download) driven by Playwright.</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private const string KnownLocalPath = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>HB_CHROMIUM, else /usr/bin/chromium; the test is skipped when neither exists (failed under CI=true).</summary>
    public static string LocateChromium()
    {
        if (Environment.GetEnvironmentVariable("HB_CHROMIUM") is { Length: > 0 } configured)
        {
            return configured;
        }

        return File.Exists(KnownLocalPath) ? KnownLocalPath : Prerequisite.Require("HB_CHROMIUM", "headless Chromium for the end-to-end tests");
    }

    public static async Task<BrowserSession> StartAsync(string chromium)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(60_000); // a loaded machine renders slowly; a real failure still ends the test
        return new BrowserSession(playwright, browser, page);
    }

    /// <summary>Saves a screenshot to artifacts/screenshots/<paramref name="name"/>.png under the repository root.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var dir = Path.Combine(BotProcess.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// Saves one element (a card) with a margin around it to artifacts/screenshots/<paramref name="name"/>.png: a
    /// viewport screenshot cropped to the element. Chromium's element and clip screenshots (captured beyond the
    /// viewport) drew the Playground's cards with fallback fonts and unstyled buttons; the viewport is drawn as seen.
    /// </summary>
    public async Task ScreenshotAsync(ILocator element, string name, int margin = 12)
    {
        ArgumentNullException.ThrowIfNull(element);
        await element.ScrollIntoViewIfNeededAsync();
        var box = await element.BoundingBoxAsync() ?? throw new InvalidOperationException($"{name}: the element is not visible.");
        using var image = Image.Load(await Page.ScreenshotAsync());
        var area = Rectangle.Intersect(
            Rectangle.FromLTRB((int)box.X - margin, (int)box.Y - margin, (int)Math.Ceiling(box.X + box.Width) + margin, (int)Math.Ceiling(box.Y + box.Height) + margin),
            new Rectangle(0, 0, image.Width, image.Height));
        image.Mutate(i => i.Crop(area));
        var dir = Path.Combine(BotProcess.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        await image.SaveAsPngAsync(Path.Combine(dir, name + ".png"));
    }

    /// <summary>
    /// Starts a new post in the open channel: "@<paramref name="botName"/>" picked from the Playground's mention
    /// list (so the activity carries a real mention entity), then <paramref name="text"/>, then Post.
    /// </summary>
    public async Task PostMentioningAsync(string botName, string text)
    {
        var box = Page.GetByRole(AriaRole.Textbox).First;
        await box.ClickAsync();
        await box.PressSequentiallyAsync("@" + botName[..Math.Min(4, botName.Length)]);
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = botName }).ClickAsync();
        await Page.Keyboard.TypeAsync(" " + text);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync();
    }

    /// <summary>Types into the chat's message box (the first textbox) and presses Enter.</summary>
    public async Task SendMessageAsync(string text)
    {
        var box = Page.GetByRole(AriaRole.Textbox).First;
        await box.ClickAsync();
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
