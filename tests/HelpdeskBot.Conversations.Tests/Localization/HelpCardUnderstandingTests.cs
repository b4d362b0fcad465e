using HelpdeskBot.Conversations.Catalog;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Understanding;

namespace HelpdeskBot.Conversations.Tests.Localization;

/// <summary>What the help card teaches in a language works in that language: its examples are reports, its commands commands.</summary>
public sealed class HelpCardUnderstandingTests
{
    private static readonly ReportParser Parser = new(ServiceCatalogLoader.Load(Path.Combine(AppContext.BaseDirectory, "catalog", "services.yaml")));

    public static TheoryData<string> All => new(Languages.Shipped);

    [Theory]
    [MemberData(nameof(All))]
    public void Every_example_on_the_help_card_is_understood_as_a_report(string language)
    {
        var examples = UserTexts.For(language).HelpExamples.Split('\n').Select(l => l.TrimStart('-', ' ')).ToList();
        Assert.NotEmpty(examples);
        Assert.All(examples, e => Assert.True(Parser.Parse(e).Intent == Intent.Report, $"{language}: '{e}' is not understood as a report"));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Every_command_on_the_help_card_and_in_the_replies_is_understood(string language)
    {
        var t = UserTexts.For(language);
        Assert.Equal(Intent.Status, Parser.Parse(t.CommandStatus).Intent);
        Assert.Equal(Intent.StartOver, Parser.Parse(t.CommandStartOver).Intent);
        Assert.Equal(Intent.Cancel, Parser.Parse(t.CommandCancel).Intent);
        Assert.Equal(Intent.Help, Parser.Parse(t.CommandHelp).Intent);
        Assert.Equal(Intent.Language, Parser.Parse(t.CommandLanguage).Intent);
    }
}
