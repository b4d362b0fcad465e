using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.Conversations.Tests.Localization;

/// <summary>Every way a probe fails is worded for the user in their language, in the user's voice ("our servers").</summary>
public sealed class FailureTextsTests
{
    public static TheoryData<string> OtherLanguages => new(Languages.Shipped.Skip(1));

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void Every_failure_is_worded_in_the_users_language(string language)
    {
        var t = UserTexts.For(language).Catalogue;
        foreach (var kind in Enum.GetValues<FailureKind>())
        {
            var failure = new ProbeFailure(kind) { Detail = "DETAIL_X", Seconds = 3 };
            var words = FailureWords.Word(failure, "the probes' English error", t);

            Assert.NotEqual(FailureWords.Word(failure, UserTexts.English.Catalogue), words);
            Assert.DoesNotContain("{", words, StringComparison.Ordinal);
            Assert.DoesNotContain("English", words, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_bots_own_side_is_our_servers_for_the_user_and_the_bot_for_the_help_desk()
    {
        var user = FailureWords.Word(new ProbeFailure(FailureKind.NoNameServer), UserTexts.English.Catalogue);
        var desk = FailureWords.Word(new ProbeFailure(FailureKind.NoNameServer), HelpdeskBot.Tickets.Localization.DeskTexts.English.Catalogue);

        Assert.Contains("our servers", user, StringComparison.Ordinal);
        Assert.Contains("the bot", desk, StringComparison.Ordinal);
    }
}
