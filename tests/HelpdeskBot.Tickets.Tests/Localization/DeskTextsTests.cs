using System.Globalization;
using System.Reflection;
using HelpdeskBot.Testing.Localization;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Tests.Localization;

/// <summary>The help desk's catalogue as it ships: the English resources and each language's satellite assembly.</summary>
public sealed class DeskTextsTests
{
    private const string BaseName = "HelpdeskBot.Tickets.Localization.Desk";

    /// <summary>Texts that are the same in a language as in English on purpose: separators, formats, product names, loanwords.</summary>
    private static readonly Dictionary<string, HashSet<string>> SameAsEnglish = new(StringComparer.Ordinal)
    {
        ["NumberGroupSeparator"] = ["ja"],
        ["NumberDecimalSeparator"] = ["ja"],
        ["LabelFormat"] = ["de", "es", "pt-BR", "ja"],
        ["PercentFormat"] = ["ja", "pt-BR"], // "75%" as in English; German and Spanish write "75 %", French with a non-breaking space
        ["VerdictOther"] = ["de", "es", "pt-BR"],
        ["CardAffectedNames"] = ["de", "es", "pt-BR", "ja"],
        ["HopErrorMark"] = ["es"], // "error" is the Spanish word
        ["SeverityError"] = ["es"],
        ["SeverityInfo"] = ["fr", "pt-BR"],
        ["TicketVerdict"] = ["fr"],
        ["TicketVia"] = ["fr", "pt-BR"],
        ["TicketTotal"] = ["fr", "es", "pt-BR"],
        ["TicketPort"] = ["de", "fr"],
        ["TicketService"] = ["fr"],
        ["TicketResolver"] = ["de"], // German IT says "Resolver"
        ["TicketHandshake"] = ["de", "pt-BR"],
        ["CardTicket"] = ["de", "fr", "es"], // "Ticket" is the German, French and Spanish help-desk word
        ["CardError"] = ["es"],
        ["CardNotes"] = ["fr"],
        ["Minutes_One"] = ["fr"],
        ["Minutes_Other"] = ["fr"],
        ["PageNavDashboard"] = ["de"], // German IT says "Dashboard"
        ["PageNavTickets"] = ["de", "fr", "es"],
        ["PageFilterStatus"] = ["de", "pt-BR"],
        ["PageIncident"] = ["fr"],
        ["PageDescription"] = ["fr"],
        ["DashVerdicts"] = ["fr"],
        ["DashIncidents_One"] = ["fr"],
        ["DashIncidents_Other"] = ["fr"],
        ["DashSeconds"] = ["de", "fr", "es", "pt-BR"], // unit symbols: s, min, h
        ["DashMinutes"] = ["fr", "es", "pt-BR"],
        ["DashHoursMinutes"] = ["fr", "es", "pt-BR"],
        ["DashDaysHours"] = ["es", "pt-BR"],
        ["ChannelLabelGeneral"] = ["es"], // Teams' own name of the General channel in Spanish
    };

    public static TheoryData<string> OtherLanguages => new(DeskTexts.Shipped.Skip(1));

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void Every_key_has_a_text_in_the_satellite_of_the_language_and_no_other(string language)
    {
        var english = CatalogueFiles.Read(typeof(DeskTexts).Assembly, BaseName, CultureInfo.InvariantCulture);
        var satellite = CatalogueFiles.Read(typeof(DeskTexts).Assembly, BaseName, CultureInfo.GetCultureInfo(language));

        CatalogueFiles.AssertSameKeys(english, satellite, language);
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void No_English_is_left_in_another_language(string language)
    {
        var english = DeskTexts.English.All;
        var texts = DeskTexts.For(language);
        Assert.Equal(language, texts.Language);

        var leftOver = CatalogueFiles.EnglishLeftOver(english, texts.All, SameAsEnglish, language);

        Assert.Empty(leftOver);
    }

    [Fact]
    public void The_allow_list_of_texts_the_same_as_English_holds_only_texts_that_are()
    {
        var english = DeskTexts.English.All;
        var stale = SameAsEnglish.SelectMany(kv => kv.Value.Select(l => (Key: kv.Key, Language: l))).Where(x => DeskTexts.For(x.Language).All[x.Key] != english[x.Key]).ToList();

        Assert.Empty(stale);
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void A_language_has_the_same_placeholders_as_English(string language)
        => CatalogueFiles.AssertSamePlaceholders(DeskTexts.English.All, DeskTexts.For(language).All, language);

    [Fact]
    public void Every_member_reads_a_key_of_its_own_name_and_every_key_is_read()
        // Read by key: the findings (FindingWords), the hops (HopWords), the label and percent formats, the separators.
        => CatalogueFiles.AssertMembersMatchKeys(TextMembers(), DeskTexts.English.All.Keys, "Finding", "Hop", "LabelFormat", "PercentFormat", "Number");

    [Fact]
    public void Every_text_member_answers_in_every_language_with_its_arguments_filled_in()
    {
        foreach (var language in DeskTexts.Shipped)
        {
            CatalogueFiles.AssertEveryMemberAnswers(DeskTexts.For(language), TextMembers(), language);
        }
    }

    [Fact]
    public void Each_language_names_every_shipped_language_and_nothing_else()
    {
        foreach (var language in DeskTexts.Shipped)
        {
            var texts = DeskTexts.For(language);
            var names = DeskTexts.Shipped.Select(l => texts.LanguageName(l)).ToList();

            Assert.All(names, n => Assert.False(string.IsNullOrWhiteSpace(n)));
            Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
            Assert.Null(texts.LanguageName("sv"));
        }

        Assert.Equal("German", DeskTexts.English.LanguageName("de"));
        Assert.Equal("japonais", DeskTexts.For("fr").LanguageName("JA"));
    }

    [Theory]
    [InlineData("en", "1 user affected", "3 users affected", "1,234")]
    [InlineData("de", "1 Benutzer betroffen", "3 Benutzer betroffen", "1.234")]
    [InlineData("fr", "1 utilisateur touché", "3 utilisateurs touchés", "1\u202f234")]
    [InlineData("pt-BR", "1 usuário afetado", "3 usuários afetados", "1.234")]
    [InlineData("ja", "影響ユーザー 1 人", "影響ユーザー 3 人", "1,234")]
    public void Counts_follow_the_language(string language, string one, string three, string thousands)
    {
        var t = DeskTexts.For(language);

        Assert.Equal(one, t.TitleUsersAffected(1));
        Assert.Equal(three, t.TitleUsersAffected(3));
        Assert.Equal(thousands, t.Number(1234));
    }

    [Fact]
    public void A_resolution_told_to_one_reporter_says_reporter()
    {
        // The incident card's last event after Resolve: one reporter is the most common incident.
        Assert.Equal("Resolved; 1 reporter is being told.", DeskTexts.English.EventResolved(1));
        Assert.Equal("Resolved; 3 reporters are being told.", DeskTexts.English.EventResolved(3));
        Assert.Equal("Gelöst; 1 meldende Person wird informiert.", DeskTexts.For("de").EventResolved(1));
        // French counts 0 as one (CLDR): the singular text, read from the catalogue, with the number in it.
        var french = DeskTexts.For("fr");
        Assert.Equal(french.All["EventResolved_One"].Replace("{0}", "0", StringComparison.Ordinal), french.EventResolved(0));
    }

    [Fact]
    public void An_unknown_language_is_not_found_and_reads_English()
    {
        Assert.Null(DeskTexts.Find("sv"));
        Assert.Null(DeskTexts.Find(null));
        Assert.Same(DeskTexts.English, DeskTexts.For("sv"));
        Assert.Same(DeskTexts.For("pt-BR"), DeskTexts.Find("PT-br"));
    }

    /// <summary>The text members, less the catalogue's own helpers.</summary>
    private static IReadOnlyList<MemberInfo> TextMembers() => CatalogueFiles.TextMembers(
        typeof(DeskTexts),
        nameof(DeskTexts.Language), nameof(DeskTexts.Number), nameof(DeskTexts.Ordinal), nameof(DeskTexts.Percent),
        nameof(DeskTexts.Label), nameof(DeskTexts.LanguageName), nameof(DeskTexts.Severity), nameof(DeskTexts.Duration));

    [Fact]
    public void French_texts_keep_a_non_breaking_space_before_colons_and_question_marks()
        => Assert.Empty(CatalogueFiles.FrenchSpacingBroken(DeskTexts.For("fr").All));
}
