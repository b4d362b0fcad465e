using System.Text.RegularExpressions;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Runbooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HelpdeskBot.Conversations.Tests.Runbooks;

/// <summary>
/// A runbook's texts in other languages (<c>t.de.yaml</c> beside <c>t.yaml</c>): required languages must be complete
/// (errors name the file, line and language), a language that may be partial shows English per missing text, logged once.
/// </summary>
public sealed partial class RunbookLanguageTests : IDisposable
{
    private const string Runbook = """
        id: t
        title: Test
        appliesTo: { statusCodes: [502] }
        steps:
          - id: scope
            title: Scope
            instructions: Which?
            answers:
              - id: all-sites
                title: All
                sets: { scope: all-sites }
          - id: hard-refresh
            title: Refresh
            when: { answers: { scope: all-sites } }
            instructions:
              windows: Ctrl+F5
              macos: Cmd+Shift+R
        """;

    private const string German = """
        title: Test auf Deutsch
        steps:
          scope:
            title: Umfang
            instructions: Welche?
            answers:
              all-sites: Alle
          hard-refresh:
            title: Neu laden
            instructions:
              windows: Strg+F5
              macos: ⌘+Umschalt+R
        """;

    private static readonly string[] EnglishAndGerman = [Languages.English, "de"];

    private readonly string _dir = Directory.CreateTempSubdirectory("runbook-languages-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private IReadOnlyList<Runbook> Load(IReadOnlyList<string> required, List<RunbookFallback>? fallbacks = null) =>
        RunbookLoader.LoadDirectory(_dir, required, fallbacks ?? []);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text.ReplaceLineEndings("\n"));

    [Fact]
    public void A_language_file_gives_the_runbook_its_texts_and_keeps_ids_conditions_and_outcomes()
    {
        Write("t.yaml", Runbook);
        Write("t.de.yaml", German);

        var english = Assert.Single(Load(EnglishAndGerman));
        var german = english.In("de");

        Assert.Equal("Test auf Deutsch", german.Title);
        Assert.Equal(["scope", "hard-refresh"], german.Steps.Select(s => s.Id));
        Assert.Equal("Umfang", german.FindStep("scope")!.Title);
        Assert.Equal("Alle", german.FindStep("scope")!.Answers.Single().Title);
        Assert.Equal(english.FindStep("scope")!.Answers.Single() with { Title = "Alle" }, german.FindStep("scope")!.Answers.Single());
        Assert.Equal("⌘+Umschalt+R", german.FindStep("hard-refresh")!.InstructionsFor(Platform.MacOS));
        Assert.Same(english.FindStep("hard-refresh")!.When, german.FindStep("hard-refresh")!.When);
        // The step lists no answers: the bot's catalogue words the default ones in German.
        var de = UserTexts.For("de");
        Assert.Equal([de.AnswerFixed, de.AnswerStillBroken, de.AnswerCannot], german.FindStep("hard-refresh")!.Answers.Select(a => a.Title));
        Assert.Equal(english.FindStep("hard-refresh")!.Answers.Select(a => (a.Id, a.Outcome)), german.FindStep("hard-refresh")!.Answers.Select(a => (a.Id, a.Outcome)));
        Assert.Same(english, english.In("en"));
        Assert.Same(english, english.In(null));
        Assert.Equal("Test", english.Title);
    }

    [Theory]
    [InlineData("missing-title", "title: Test auf Deutsch\n", "", 1, "runbook 't' has no German (de) title")]
    [InlineData("missing-step", "  scope:\n    title: Umfang\n    instructions: Welche?\n    answers:\n      all-sites: Alle\n", "", 2, "step 'scope' has no German (de) texts (English at ")]
    [InlineData("missing-step-title", "    title: Umfang\n", "", 3, "step 'scope' has no German (de) title")]
    [InlineData("missing-instructions", "    instructions: Welche?\n", "", 3, "step 'scope' has no German (de) instructions")]
    [InlineData("missing-platform", "      windows: Strg+F5\n", "", 10, "step 'hard-refresh' has no German (de) instructions for 'windows'")]
    [InlineData("missing-answer", "      all-sites: Alle\n", "      {}\n", 6, "answer 'all-sites' of step 'scope' has no German (de) title")]
    public void A_required_language_missing_a_text_fails_naming_file_line_and_language(string name, string find, string replace, int line, string problem)
    {
        Write("t.yaml", Runbook);
        var texts = German.ReplaceLineEndings("\n").Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(German.ReplaceLineEndings("\n"), texts);
        Write("t.de.yaml", texts);

        var ex = Assert.Throws<RunbookValidationException>(() => Load(EnglishAndGerman));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(Path.Combine(_dir, "t.de.yaml"), error.File);
        Assert.StartsWith(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
        _ = name;
    }

    [Fact]
    public void A_required_language_without_a_file_fails_on_the_runbook_naming_the_file_to_add()
    {
        Write("t.yaml", Runbook);
        Write("t.de.yaml", German);

        var ex = Assert.Throws<RunbookValidationException>(() => Load([Languages.English, "de", "ja"]));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((Path.Combine(_dir, "t.yaml"), 1), (error.File, error.Line));
        Assert.Equal("no Japanese (ja) texts: add t.ja.yaml beside it (docs/runbooks.md), or leave 'ja' out of Runbooks:Languages to show English instead", error.Problem);
    }

    [Theory]
    [InlineData("unknown-step", "  hard-refresh:\n", "  reboot:\n    title: Neustart\n  hard-refresh:\n", 8, "unknown step 'reboot' (t.yaml has no such step")]
    [InlineData("unknown-answer", "      all-sites: Alle\n", "      all-sites: Alle\n      some-sites: Einige\n", 8, "step 'scope' has no answer 'some-sites' (it offers all-sites)")]
    [InlineData("platform-not-in-runbook", "      windows: Strg+F5\n", "      windows: Strg+F5\n      ios: Tab schließen\n", 12, "step 'hard-refresh' has no 'ios' instructions in t.yaml")]
    [InlineData("one-text-for-platforms", "    instructions:\n      windows: Strg+F5\n      macos: ⌘+Umschalt+R", "    instructions: Neu laden", 10, "step 'hard-refresh' instructions must be a mapping per platform (windows, macos), as in t.yaml")]
    [InlineData("default-answers-worded-here", "    title: Neu laden\n", "    title: Neu laden\n    answers:\n      fixed: Geht\n", 10, "step 'hard-refresh' offers the default answers")]
    [InlineData("condition-in-texts", "    title: Umfang\n", "    title: Umfang\n    when: { scope: unknown }\n", 5, "unknown key 'when' in step 'scope' texts")]
    public void Texts_that_do_not_match_the_runbook_fail_in_any_language(string name, string find, string replace, int line, string problem)
    {
        Write("t.yaml", Runbook);
        var texts = German.ReplaceLineEndings("\n").Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(German.ReplaceLineEndings("\n"), texts);
        Write("t.de.yaml", texts);

        // German is not required here: a stale or misplaced text is still an error, not a fallback.
        var ex = Assert.Throws<RunbookValidationException>(() => Load([Languages.English]));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(Path.Combine(_dir, "t.de.yaml"), error.File);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
        _ = name;
    }

    [Theory]
    [InlineData("t.it.yaml", "'it' is not a language the bot speaks (en, de, fr, es, pt-BR, ja)")]
    [InlineData("t.en.yaml", "English texts belong in the runbook itself (t.yaml)")]
    [InlineData("vpn.de.yaml", "there is no runbook vpn.yaml beside these German (de) texts")]
    public void A_language_file_the_bot_cannot_use_is_an_error(string file, string problem)
    {
        Write("t.yaml", Runbook);
        Write("t.de.yaml", German);
        Write(file, German);

        var ex = Assert.Throws<RunbookValidationException>(() => Load(EnglishAndGerman));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((Path.Combine(_dir, file), 1, problem), (error.File, error.Line, error.Problem[..Math.Min(problem.Length, error.Problem.Length)]));
    }

    [Fact]
    public void A_partial_language_shows_English_per_missing_text_and_is_logged_once()
    {
        Write("t.yaml", Runbook);
        Write("t.de.yaml", German);
        // French is not required: a help desk translating it has done the first step's title and the runbook's title.
        Write("t.fr.yaml", "title: Test en français\nsteps:\n  scope:\n    title: Périmètre\n");
        var logger = new FakeLogger<RunbookCatalog>();

        var catalog = RunbookCatalog.Load(new RunbooksOptions { Path = _dir, Languages = ["en", "de"] }, logger);

        var french = catalog.Find("t", "fr")!;
        var english = catalog.Find("t")!;
        Assert.Equal("Test en français", french.Title);
        Assert.Equal("Périmètre", french.FindStep("scope")!.Title);
        Assert.Equal(english.FindStep("scope")!.InstructionsFor(Platform.Unknown), french.FindStep("scope")!.InstructionsFor(Platform.Unknown));
        Assert.Equal("All", french.FindStep("scope")!.Answers.Single().Title);
        Assert.Equal("Refresh", french.FindStep("hard-refresh")!.Title);
        Assert.Equal("Cmd+Shift+R", french.FindStep("hard-refresh")!.InstructionsFor(Platform.MacOS));
        Assert.Equal(UserTexts.For("fr").AnswerCannot, french.FindStep("hard-refresh")!.Answers[2].Title);
        // Spanish, Portuguese and Japanese have no file: English throughout.
        Assert.Same(english, catalog.Find("t", "es"));

        for (var i = 0; i < 3; i++)
        {
            _ = catalog.Find("t", "fr")!.FindStep("hard-refresh")!.InstructionsFor(Platform.Windows);
        }

        var warnings = logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        var fr = Assert.Single(warnings, r => r.Message.Contains("(fr)", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(_dir, "t.fr.yaml"), fr.Message, StringComparison.Ordinal);
        Assert.Contains("step 'scope' has no French (fr) instructions", fr.Message, StringComparison.Ordinal);
        Assert.Contains("answer 'all-sites' of step 'scope' has no French (fr) title", fr.Message, StringComparison.Ordinal);
        Assert.Contains("step 'hard-refresh' has no French (fr) texts", fr.Message, StringComparison.Ordinal);
        Assert.Single(warnings, r => r.Message.Contains("(es)", StringComparison.Ordinal) && r.Message.Contains("every text", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, r => r.Message.Contains("(de)", StringComparison.Ordinal));
        Assert.Equal(4, warnings.Count); // fr, es, pt-BR, ja: once each
    }

    public static TheoryData<string> ShippedTranslations => new(RunbooksOptions.DefaultLanguages.Where(l => l != Languages.English));

    /// <summary>
    /// Every shipped runbook in the language: each step title, platform's instructions and answer written (not left in
    /// English), the commands in code font unchanged, and the buttons the instructions name worded as the card words them.
    /// </summary>
    [Theory]
    [MemberData(nameof(ShippedTranslations))]
    public void Shipped_runbooks_are_written_in_the_language(string language)
    {
        var fallbacks = new List<RunbookFallback>();
        var runbooks = RunbookLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "runbooks"), Languages.Shipped.Where(l => RunbooksOptions.DefaultLanguages.Contains(l)).ToList(), fallbacks);
        var t = UserTexts.For(language);
        var buttons = new[] { (UserTexts.English.AnswerCannot, t.AnswerCannot), (UserTexts.English.AnswerStillBroken, t.AnswerStillBroken), (UserTexts.English.AnswerFixed, t.AnswerFixed) };

        Assert.DoesNotContain(fallbacks, f => f.Language == language);
        foreach (var english in runbooks)
        {
            var translated = english.In(language);
            Assert.NotSame(english, translated);
            foreach (var (step, text) in english.Steps.Zip(translated.Steps))
            {
                var where = $"{english.Id}.{language} {step.Id}";
                Assert.NotEqual(step.Title, text.Title);
                Assert.Equal(step.Instructions.Keys.Order(), text.Instructions.Keys.Order());
                foreach (var (platform, instructions) in step.Instructions)
                {
                    var words = text.Instructions[platform];
                    Assert.True(instructions != words || !HasWords(instructions), $"{where} {platform}: left in English");
                    Assert.Equal(CodeSpans(instructions), CodeSpans(words));
                    foreach (var (en, local) in buttons)
                    {
                        Assert.True(!instructions.Contains($"**{en}**", StringComparison.Ordinal) || words.Contains($"**{local}**", StringComparison.Ordinal), $"{where} {platform}: names **{en}** but not **{local}**");
                    }
                }

                Assert.Equal(step.Answers.Select(a => (a.Id, a.Outcome, a.Goto, a.SetsScope)), text.Answers.Select(a => (a.Id, a.Outcome, a.Goto, a.SetsScope)));
                Assert.All(step.Answers.Zip(text.Answers), p => Assert.NotEqual(p.First.Title, p.Second.Title));
            }
        }
    }

    /// <summary>Text outside code spans has letters (a line that is only a command reads the same in every language).</summary>
    private static bool HasWords(string text) => CodeSpan().Replace(text, string.Empty).Any(char.IsLetter);

    /// <summary>The commands in code font, with their placeholders (<c>"&lt;name&gt;"</c>) emptied: a translator words those.</summary>
    private static List<string> CodeSpans(string text) => [.. CodeSpan().Matches(text).Select(m => Placeholder().Replace(m.Value, "<>"))];

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Placeholder();
}
