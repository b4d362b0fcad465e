using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Tests.Conversations;

/// <summary>
/// A report in each language, with that Teams locale, through /api/messages against a real loopback site: every card
/// speaks the language, checked against the catalogue's texts (not strings written here), and is schema-valid.
/// </summary>
public sealed class LocalizedConversationTests : IAsyncLifetime
{
    /// <summary>The runbooks as the bot loads them (copied next to the tests), each with its texts in every language.</summary>
    private static readonly RunbookCatalog Runbooks = new(RunbookLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "runbooks")));

    private ConversationHost _host = null!;
    private LoopbackServer _site = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync();
        _site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.Headers.Server = "nginx";
            await ctx.Response.WriteAsync("<html><head><title>Wiki</title></head><body>ok</body></html>");
        }));
        ConversationHost.AllowPort(_site.Port);
    }

    public async ValueTask DisposeAsync()
    {
        _host.AssertAllCardsValid();
        await _host.DisposeAsync();
        await _site.DisposeAsync();
    }

    public static TheoryData<string, string> Locales => new()
    {
        { "en-US", "en" },
        { "de-DE", "de" },
        { "de-AT", "de" },
        { "fr-FR", "fr" },
        { "fr-CA", "fr" },
        { "es-ES", "es" },
        { "es-MX", "es" },
        { "pt-BR", "pt-BR" },
        { "ja-JP", "ja" },
        { "sv-SE", "en" },
    };

    private async Task SayAsync(string text, string? locale)
    {
        var activity = _host.Message(text);
        activity["locale"] = locale;
        using var _ = await _host.PostAsync(activity);
    }

    private static string In(string text) => ConversationHost.InJson(text);

    /// <summary>The help card's first example with the loopback site in place of wiki.contoso.com.</summary>
    private string Report(UserTexts t) => t.HelpExamples.Split('\n')[0].TrimStart('-', ' ').Replace("wiki.contoso.com", _site.BaseAddress.ToString(), StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Locales))]
    public async Task A_report_is_acknowledged_diagnosed_and_escalated_in_the_language_of_the_locale(string locale, string language)
    {
        var t = UserTexts.For(language);

        await SayAsync(Report(t), locale);

        var (ack, _, _) = await _host.WaitForCardAsync(In(t.CheckingDetail));
        Assert.Contains(In(t.CheckingTarget(_site.BaseAddress.ToString())), ConversationHost.Json(ack), StringComparison.Ordinal);
        var (card, cardId, _) = await _host.WaitForCardAsync(In(t.RequestsSucceeded(t.Number(3), t.Number(3), "HTTP 200")));
        var json = ConversationHost.Json(card);
        Assert.Contains(In(t.VerdictHealthy("127.0.0.1")), json, StringComparison.Ordinal);
        Assert.StartsWith(t.StepHeading("1", string.Empty), (string?)card["fallbackText"], StringComparison.Ordinal);
        foreach (var title in new[] { t.ShowEvidence, t.CheckAgain, t.EscalateNow })
        {
            Assert.NotNull(ConversationHost.FindAction(card, title));
        }

        var escalated = (await _host.ClickAsync(card, t.EscalateNow, cardId))["value"]!;
        Assert.Contains(In(t.EscalatedWithSteps), ConversationHost.Json(escalated), StringComparison.Ordinal);
        if (language != Languages.English)
        {
            Assert.DoesNotContain(In(UserTexts.English.EscalatedWithSteps), ConversationHost.Json(escalated), StringComparison.Ordinal);
        }
    }

    /// <summary>The locales whose runbook texts are written so far.</summary>
    public static TheoryData<string, string> RunbookLocales => new()
    {
        { "en-US", "en" },
        { "de-DE", "de" },
        { "de-AT", "de" },
        { "sv-SE", "en" },
    };

    [Theory]
    [MemberData(nameof(RunbookLocales))]
    public async Task The_step_cards_speak_the_language_of_the_locale_from_the_runbook_texts(string locale, string language)
    {
        var t = UserTexts.For(language);
        var runbook = Runbooks.Find("http-502", language)!;
        var english = Runbooks.Find("http-502")!;
        var refresh = runbook.FindStep("hard-refresh")!;

        await SayAsync(Report(t), locale);

        // The report names the site and it works from our side: the walk starts with the reload (Teams says Windows).
        var (card, cardId, _) = await _host.WaitForCardAsync(In(refresh.InstructionsFor(Platform.Windows)));
        var json = ConversationHost.Json(card);
        Assert.Equal(t.StepHeading("1", refresh.Title), (string?)card["fallbackText"]);
        Assert.Contains(In(t.StepHeading("1", refresh.Title)), json, StringComparison.Ordinal);
        Assert.Contains(In(runbook.Title), json, StringComparison.Ordinal);
        Assert.Equal([t.AnswerFixed, t.AnswerStillBroken, t.AnswerCannot], refresh.Answers.Select(a => a.Title));
        Assert.All(refresh.Answers, a => Assert.NotNull(ConversationHost.FindAction(card, a.Title)));

        var next = (await _host.ClickAsync(card, t.AnswerStillBroken, cardId))["value"]!;

        var other = runbook.FindStep("other-browser")!;
        var nextJson = ConversationHost.Json(next);
        Assert.Contains(In(t.StepHeading("2", other.Title)), nextJson, StringComparison.Ordinal);
        Assert.Contains(In(other.InstructionsFor(Platform.Windows)), nextJson, StringComparison.Ordinal);
        Assert.All(other.Answers, a => Assert.NotNull(ConversationHost.FindAction(next, a.Title)));
        if (language != Languages.English)
        {
            Assert.NotEqual(english.FindStep("hard-refresh")!.Title, refresh.Title);
            Assert.DoesNotContain(In(english.FindStep("hard-refresh")!.InstructionsFor(Platform.Windows)), json, StringComparison.Ordinal);
            Assert.DoesNotContain(In(english.FindStep("other-browser")!.Title), nextJson, StringComparison.Ordinal);
            Assert.DoesNotContain(In(english.FindStep("other-browser")!.InstructionsFor(Platform.Windows)), nextJson, StringComparison.Ordinal);
            Assert.Null(ConversationHost.FindAction(next, UserTexts.English.AnswerCannot));
        }
    }

    [Theory]
    [MemberData(nameof(Locales))]
    public async Task Help_and_commands_answer_in_the_language_of_the_locale(string locale, string language)
    {
        var t = UserTexts.For(language);

        await SayAsync(t.CommandHelp, locale);
        var (help, _, _) = await _host.WaitForCardAsync(In(t.HelpTitle));
        Assert.Equal(t.HelpFallback, (string?)help["fallbackText"]);

        await SayAsync(t.CommandStatus, locale);
        await _host.WaitForCardAsync(In(t.StatusEmpty));
    }

    [Fact]
    public async Task A_chosen_language_wins_over_the_locale_on_the_case_cards()
    {
        await SayAsync("language", "en-US");
        var (picker, id, _) = await _host.WaitForCardAsync(In(UserTexts.English.LanguagePickerTitle));
        await _host.ClickAsync(picker, "Deutsch", id);
        var german = UserTexts.For("de");

        await SayAsync($"502 on {_site.BaseAddress}", "en-US");

        var (card, _, _) = await _host.WaitForCardAsync(In(german.VerdictHealthy("127.0.0.1")));
        Assert.NotNull(ConversationHost.FindAction(card, german.EscalateNow));
        Assert.Null(ConversationHost.FindAction(card, UserTexts.English.EscalateNow));
    }
}
