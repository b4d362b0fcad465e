using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Localization;

namespace HelpdeskBot.Tests.Conversations;

/// <summary>The "language" command through /api/messages: the picker, a choice that outlives a restart, the locale fallback.</summary>
public sealed class LanguageChoiceTests : IAsyncLifetime
{
    private ConversationHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ConversationHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _host.DisposeAsync();
    }

    private async Task SayAsync(string text, string? locale, string userId = "29:alex")
    {
        var activity = _host.Message(text, userId);
        activity["locale"] = locale;
        using var _ = await _host.PostAsync(activity);
    }

    [Theory]
    [InlineData("fr-FR", "fr")]
    [InlineData("de-AT", "de")]
    [InlineData("pt-PT", "pt-BR")]
    [InlineData("ja-JP", "ja")]
    [InlineData("sv-SE", "en")]
    [InlineData(null, "en")]
    public async Task The_picker_speaks_the_language_of_the_Teams_locale_and_offers_every_language_in_its_own_name(string? locale, string expected)
    {
        await SayAsync(Languages.Resolve(locale) switch { "de" => "Sprache", "fr" => "langue", "ja" => "言語", "pt-BR" => "idioma", _ => "language" }, locale);

        var texts = UserTexts.For(expected);
        var (card, _, _) = await _host.WaitForCardAsync(ConversationHost.InJson(texts.LanguagePickerTitle));
        Assert.Contains(ConversationHost.InJson(texts.LanguagePickerCurrent(Languages.NativeName(expected))), ConversationHost.Json(card), StringComparison.Ordinal);
        Assert.Equal([.. Languages.Shipped.Select(Languages.NativeName), texts.LanguagePickerAuto], ConversationHost.Actions(card).Select(a => (string?)a["title"]));
    }

    [Fact]
    public async Task A_choice_wins_over_the_locale_and_outlives_a_restart_until_the_user_follows_Teams_again()
    {
        await SayAsync("language", "en-US");
        var (picker, id, _) = await _host.WaitForCardAsync(ConversationHost.InJson(UserTexts.English.LanguagePickerTitle));

        var answer = await _host.ClickAsync(picker, "Deutsch", id);
        var german = UserTexts.For("de");
        Assert.Contains(ConversationHost.InJson(german.LanguageChosen("Deutsch")), ConversationHost.Json(answer["value"]), StringComparison.Ordinal);

        await _host.RestartAsync();
        var before = _host.Connector.Requests.Count;
        await SayAsync("language", "en-US");
        var (again, againId, _) = await _host.WaitForCardAsync(ConversationHost.InJson(german.LanguagePickerTitle), before);
        Assert.Contains(ConversationHost.InJson(german.LanguagePickerCurrent("Deutsch")), ConversationHost.Json(again), StringComparison.Ordinal);

        // Another user on the same locale is not affected.
        before = _host.Connector.Requests.Count;
        await SayAsync("language", "en-US", "29:megan");
        await _host.WaitForCardAsync(ConversationHost.InJson(UserTexts.English.LanguagePickerTitle), before);

        var back = await _host.ClickAsync(again, german.LanguagePickerAuto, againId);
        Assert.Contains(ConversationHost.InJson(UserTexts.English.LanguageFollowsTeams("English")), ConversationHost.Json(back["value"]), StringComparison.Ordinal);
        before = _host.Connector.Requests.Count;
        await SayAsync("language", "ja-JP");
        await _host.WaitForCardAsync(ConversationHost.InJson(UserTexts.For("ja").LanguagePickerTitle), before);
    }

    [Fact]
    public async Task A_click_naming_no_shipped_language_keeps_nothing_and_shows_the_picker_again()
    {
        await SayAsync("language", "fr-FR");
        var (picker, id, _) = await _host.WaitForCardAsync(ConversationHost.InJson(UserTexts.For("fr").LanguagePickerTitle));
        var forged = JsonNode.Parse(ConversationHost.FindAction(picker, "Deutsch")!.ToJsonString())!;
        forged["data"]![LanguageKey] = "xx-evil";

        var click = _host.Invoke(forged, id);
        click["locale"] = "fr-FR";
        using var response = await _host.PostAsync(click);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(ConversationHost.InJson(UserTexts.For("fr").LanguagePickerTitle), ConversationHost.Json(body["value"]), StringComparison.Ordinal);
        var store = (IUserLanguageStore)_host.Services.GetService(typeof(IUserLanguageStore))!;
        Assert.Null(await store.GetAsync("29:alex", default));
    }

    private const string LanguageKey = "language";
}
