using HelpdeskBot.Conversations.Localization;

namespace HelpdeskBot.Conversations.Tests.Localization;

public sealed class LanguagesTests
{
    [Theory]
    [InlineData("en-US", "en")]
    [InlineData("en-GB", "en")]
    [InlineData("de-DE", "de")]
    [InlineData("de-AT", "de")]
    [InlineData("de-CH", "de")]
    [InlineData("DE-at", "de")]
    [InlineData("de_AT", "de")]
    [InlineData("fr-CA", "fr")]
    [InlineData("es-MX", "es")]
    [InlineData("pt-BR", "pt-BR")]
    [InlineData("pt-PT", "pt-BR")]
    [InlineData("pt", "pt-BR")]
    [InlineData("ja-JP", "ja")]
    [InlineData("zh-Hans-CN", "en")]
    [InlineData("sr-Latn-RS", "en")]
    [InlineData("", "en")]
    [InlineData(null, "en")]
    [InlineData("-", "en")]
    [InlineData("not a locale at all, just a long piece of text", "en")]
    public void A_locale_falls_back_through_its_shorter_forms_to_English(string? locale, string expected)
    {
        Assert.Equal(expected, Languages.Resolve(locale));
    }

    [Fact]
    public void Every_shipped_language_has_its_own_name_and_English_is_first()
    {
        Assert.Equal(Languages.English, Languages.Shipped[0]);
        Assert.Equal(Languages.Shipped.Count, Languages.Shipped.Select(Languages.NativeName).Distinct().Count());
    }
}
