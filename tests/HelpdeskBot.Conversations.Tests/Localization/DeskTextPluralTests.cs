using System.Globalization;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Conversations.Tests.Localization;

/// <summary>A stored desk event with a count is worded with the singular or plural the language of the moment uses.</summary>
public sealed class DeskTextPluralTests
{
    [Theory]
    [InlineData("en", 1, "HelpdeskBot (healthy for 1 check)")]
    [InlineData("en", 3, "HelpdeskBot (healthy for 3 checks)")]
    [InlineData("fr", 1, "HelpdeskBot (1 test réussi)")]
    [InlineData("de", 1, "HelpdeskBot (1 Prüfung fehlerfrei)")]
    [InlineData("de", 3, "HelpdeskBot (3 Prüfungen in Folge fehlerfrei)")]
    [InlineData("ja", 1, "HelpdeskBot (1 回連続で正常)")]
    public void The_watch_resolution_counts_its_checks_as_the_language_does(string language, int checks, string expected)
    {
        // As the watch stores it, and as a row stored before worded it: the key and the count's digits.
        var stored = DeskText.Of(nameof(DeskTexts.ResolvedByWatch), checks.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(expected, stored.In(DeskTexts.For(language)));
        Assert.Equal(expected, DeskTexts.For(language).ResolvedByWatch(checks));
    }
}
