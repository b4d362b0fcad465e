using System.Globalization;
using System.Reflection;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Testing.Localization;

namespace HelpdeskBot.Conversations.Tests.Localization;

/// <summary>The text catalogue as it ships: the English resources and each language's satellite assembly.</summary>
public sealed class UserTextsTests
{
    /// <summary>Texts that are the same in a language as in English on purpose: separators, product names, codes.</summary>
    private static readonly Dictionary<string, HashSet<string>> SameAsEnglish = new(StringComparer.Ordinal)
    {
        ["NumberGroupSeparator"] = ["ja"],
        ["NumberDecimalSeparator"] = ["ja"],
        ["EvidenceAttempt"] = ["de"],
        ["CommandStatus"] = ["pt-BR"], // Brazilian IT says "status" too
        ["StatusTicket"] = ["fr", "es"], // "ticket" is the French and Spanish word
        ["FixedMessageTicket"] = ["fr", "es"],
        ["Minutes_One"] = ["fr"],
        ["Minutes_Other"] = ["fr"],
        ["HopErrorMark"] = ["es"],
        ["FindingTargetInvalid"] = ["de", "fr", "es", "pt-BR", "ja"], // "{0}": the sentence is the TargetWhy_ text
    };

    public static TheoryData<string> OtherLanguages => new(Languages.Shipped.Skip(1));

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void Every_key_has_a_text_in_the_satellite_of_the_language(string language)
    {
        var english = Catalogue(CultureInfo.InvariantCulture);
        var satellite = Catalogue(CultureInfo.GetCultureInfo(language));

        CatalogueFiles.AssertSameKeys(english, satellite, language);
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void No_English_is_left_in_another_language(string language)
    {
        var english = UserTexts.English.All;
        var texts = UserTexts.For(language);
        Assert.Equal(language, texts.Language);
        var leftOver = CatalogueFiles.EnglishLeftOver(english, texts.All, SameAsEnglish, language);
        Assert.Empty(leftOver);
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void A_language_has_the_same_placeholders_as_English(string language)
        => CatalogueFiles.AssertSamePlaceholders(UserTexts.English.All, UserTexts.For(language).All, language);

    [Fact]
    public void Every_member_reads_a_key_of_its_own_name_and_every_key_is_read()
        => CatalogueFiles.AssertMembersMatchKeys(TextMembers(), UserTexts.English.All.Keys, "Finding", "Hop"); // read by key: FindingWords, HopWords

    [Fact]
    public void Every_text_member_answers_in_every_language_with_its_arguments_filled_in()
    {
        foreach (var language in Languages.Shipped)
        {
            CatalogueFiles.AssertEveryMemberAnswers(UserTexts.For(language), TextMembers(), language);
        }
    }

    [Theory]
    [InlineData("en", "1,234,567")]
    [InlineData("de", "1.234.567")]
    [InlineData("fr", "1\u202f234\u202f567")]
    [InlineData("es", "1.234.567")]
    [InlineData("pt-BR", "1.234.567")]
    [InlineData("ja", "1,234,567")]
    public void Counts_are_written_as_the_language_writes_them(string language, string expected)
    {
        Assert.Equal(expected, UserTexts.For(language).Number(1_234_567));
        Assert.Equal("7", UserTexts.For(language).Number(7));
    }

    [Fact]
    public void The_help_desk_catalogue_ships_the_same_languages()
        => Assert.Equal(Languages.Shipped, HelpdeskBot.Tickets.Localization.DeskTexts.Shipped);

    [Fact]
    public void An_unknown_language_reads_English()
    {
        Assert.Same(UserTexts.English, UserTexts.For("sv"));
        Assert.Same(UserTexts.English, UserTexts.For(null));
        Assert.Same(UserTexts.For("pt-BR"), UserTexts.For("PT-br"));
    }

    private static IReadOnlyList<MemberInfo> TextMembers() =>
        CatalogueFiles.TextMembers(typeof(UserTexts), nameof(UserTexts.Language), nameof(UserTexts.Number), nameof(UserTexts.Duration), nameof(UserTexts.Ordinal));

    private static Dictionary<string, string> Catalogue(CultureInfo culture) =>
        CatalogueFiles.Read(typeof(UserTexts).Assembly, "HelpdeskBot.Conversations.Localization.Texts", culture);

    [Fact]
    public void French_texts_keep_a_non_breaking_space_before_colons_and_question_marks()
        => Assert.Empty(CatalogueFiles.FrenchSpacingBroken(UserTexts.For("fr").All));
}
