using System.Text.Json.Nodes;
using HelpdeskBot.Testing;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>Headless Chromium (the Debian package, no browser download) driven by Playwright.</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private const string KnownLocalPath = "/usr/bin/chromium";
    private static readonly ViewportSize Viewport = new() { Width = 1280, Height = 900 };
    private readonly IPlaywright? _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext? _readerContext;

    /// <param name="playwright">Null for another reader's session (<see cref="AnotherReaderAsync"/>), which owns only <paramref name="readerContext"/>.</param>
    private BrowserSession(IPlaywright? playwright, IBrowser browser, IPage page, IBrowserContext? readerContext = null)
    {
        _playwright = playwright;
        _browser = browser;
        _readerContext = readerContext;
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

    /// <param name="locale">The browser's language (<c>navigator.language</c>), e.g. de-DE for a German user: the Playground's card renderer writes dates and times in it.</param>
    public static async Task<BrowserSession> StartAsync(string chromium, string locale = "en-US")
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = Viewport, Locale = locale });
        page.SetDefaultTimeout(60_000); // a loaded machine renders slowly; a real failure still ends the test
        return new BrowserSession(playwright, browser, page);
    }

    /// <summary>
    /// A second reader of the same Playground in the same Chromium: a page in its own browser context whose language
    /// is <paramref name="locale"/>, opened on <paramref name="playground"/>. The Playground keeps each page's
    /// conversations in the page and sends every activity of the bot to each page connected at the time, so the reader
    /// sees what arrives after it opened (not what came before). Disposing it closes only its context.
    /// </summary>
    public async Task<BrowserSession> AnotherReaderAsync(Uri playground, string locale)
    {
        ArgumentNullException.ThrowIfNull(playground);
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = Viewport, Locale = locale });
        try
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(60_000);
            await page.GotoAsync(playground.ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 120_000 });
            return new BrowserSession(null, _browser, page, context);
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
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

    /// <summary>Opens a chat or channel from the Playground's left rail ("Personal Chat", a channel's name).</summary>
    public Task OpenAsync(string conversation) => Page.GetByText(conversation, new() { Exact = true }).First.ClickAsync();

    /// <summary>Clicks the button titled exactly <paramref name="button"/> on <paramref name="card"/>.</summary>
    public static Task ClickAsync(ILocator card, string button)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
    }

    /// <summary>
    /// What a card's <c>{{DATE(t, SHORT)}} {{TIME(t)}}</c> shows for <paramref name="at"/>: formatted in the page the way
    /// the Playground's Adaptive Cards renderer formats it (toLocaleDateString with a short weekday and month,
    /// toLocaleTimeString with hour and 2-digit minute), so in the browser's language and time zone, or in
    /// <paramref name="locale"/>'s language when given (what a reader of that language would see).
    /// </summary>
    public Task<string> CardDateTimeAsync(DateTimeOffset at, string? locale = null) => Page.EvaluateAsync<string>(
        """
        ([iso, locale]) => {
          const d = new Date(iso);
          return d.toLocaleDateString(locale ?? undefined, { day: 'numeric', weekday: 'short', month: 'short', year: 'numeric' })
            + ' ' + d.toLocaleTimeString(locale ?? undefined, { hour: 'numeric', minute: '2-digit' });
        }
        """,
        new[] { at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), locale });

    /// <summary>How a card can show a time after <paramref name="from"/> and by <paramref name="to"/>: <see cref="CardDateTimeAsync"/> of each minute.</summary>
    public async Task<List<string>> CardDateTimesAsync(DateTimeOffset from, DateTimeOffset to, string? locale = null)
    {
        var texts = new List<string>();
        for (var minute = from.AddTicks(-(from.Ticks % TimeSpan.TicksPerMinute)); minute <= to; minute = minute.AddMinutes(1))
        {
            texts.Add(await CardDateTimeAsync(minute, locale));
        }

        return texts;
    }

    /// <summary>The text of another page (e.g. one of the bot's own web pages), fetched in a fresh browser context with <paramref name="headers"/>.</summary>
    public async Task<string> ReadPageAsync(Uri address, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var other = await _browser.NewPageAsync(new BrowserNewPageOptions { ExtraHTTPHeaders = headers });
        try
        {
            var response = await other.GotoAsync(address.ToString());
            if (response is not { Ok: true })
            {
                throw new Xunit.Sdk.XunitException($"{address} answered {response?.Status}.");
            }

            return await other.Locator("body").InnerTextAsync();
        }
        finally
        {
            await other.CloseAsync();
        }
    }

    /// <summary>
    /// Sends an activity to the bot through the Playground's own "Mock an Activity" → "Custom activity" editor, as a
    /// developer would: the editor's template for <paramref name="conversationId"/> (read from the endpoint the editor
    /// loads it from, so it carries the Playground's own service URL, tenant, bot and user), changed by
    /// <paramref name="edit"/>, replaces the editor's text and is sent as written. The Playground shows only the bot's
    /// answer in the conversation, not the activity itself.
    /// </summary>
    public async Task MockActivityAsync(Uri playground, string conversationId, Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var template = await Page.APIRequest.GetAsync(new Uri(playground, $"_internal/v1/customActivities/template?conversationId={Uri.EscapeDataString(conversationId)}").ToString());
        if (!template.Ok)
        {
            throw new Xunit.Sdk.XunitException($"The Playground's activity template answered {template.Status}.");
        }

        var activity = JsonNode.Parse(await template.TextAsync())?.AsObject() ?? throw new Xunit.Sdk.XunitException("The Playground's activity template is not a JSON object.");
        edit(activity);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Mock an Activity" }).ClickAsync();
        await Page.GetByText("Custom activity", new() { Exact = true }).First.ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        var editor = dialog.Locator(".monaco-editor .view-lines");
        await editor.WaitForAsync();
        await editor.ClickAsync();
        await Page.Keyboard.PressAsync("Control+A");
        await Page.Keyboard.PressAsync("Delete");
        // One line inserted as one input (not typed key by key), so the editor adds no closing brackets or quotes of its own.
        await Page.Keyboard.InsertTextAsync(activity.ToJsonString());
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send activity", Exact = true }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
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
        if (_readerContext is not null)
        {
            await _readerContext.DisposeAsync();
            return;
        }

        await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
