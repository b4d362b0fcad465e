using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Testing.Cards;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HelpdeskBot.Conversations.Tests.Cards;

/// <summary>
/// A literal (a site's error code, a host, a person's name) reaches the card as written where Markdown could not format
/// it (an underscore inside a word, a '#' after text, a single brace), and blanked where it could. Card Markdown is a CommonMark subset, so the serialized card's texts are read back
/// with Markdig, a CommonMark parser: what it would format, a Teams client could too.
/// </summary>
public sealed class CardTextTests
{
    [Theory]
    [InlineData("HTTP_1_1_REQUIRED")] // an HTTP/2 error code (RFC 9113 §7)
    [InlineData("INTERNAL_ERROR")]
    [InlineData("wiki_old.contoso.com")]
    [InlineData("build_42 on srv_01")]
    [InlineData("Grüße_an_Åsa")]
    [InlineData("ウィキ_サーバー")]
    [InlineData("Ticket #42 for C#")] // a heading's '#' starts a line (CommonMark §4.2)
    [InlineData("{\"error\":\"bad gateway\"}")] // one brace is no card function ({{DATE(…)}})
    public void A_character_that_cannot_format_where_it_stands_is_kept(string text)
    {
        var shown = Shown(text);

        Assert.Equal(text, shown);
        Assert.Equal(text, Markdown.ToPlainText(shown).Trim());
        Assert.Empty(Formatting(shown));
    }

    [Theory]
    [InlineData("_italic_", "italic")]
    [InlineData("__bold__ and **bold**", "bold   and   bold")]
    [InlineData("a _b_ c", "a  b  c")]
    [InlineData("snake_ _case", "snake   case")]
    [InlineData("x__y__z", "x  y  z")]
    [InlineData("_leading and trailing_", "leading and trailing")]
    [InlineData("[wiki](https://evil.example) `code` <b>x</b> # ~~gone~~", "wiki (https://evil.example)  code   b x /b  #   gone")]
    [InlineData("# Heading", "Heading")]
    [InlineData("* # x", "x")]
    [InlineData("{{DATE(2026-12-01T00:00:00Z, SHORT)}}", "DATE(2026-12-01T00:00:00Z, SHORT)")] // a card function, not a date the site wrote
    [InlineData("a_*b*_c", "a  b  c")]
    public void A_character_that_could_format_is_blanked(string text, string expected)
    {
        var shown = Shown(text);

        Assert.Equal(expected, shown);
        Assert.Empty(Formatting(shown));
    }

    [Fact]
    public void A_long_code_is_cut_after_its_limit_and_keeps_the_underscores_before_it()
    {
        Assert.Equal("HTTP_1_1…", CardText.Literal("HTTP_1_1_REQUIRED", 8));
    }

    /// <summary>The text as a serialized, schema-valid card carries it.</summary>
    private static string Shown(string text)
    {
        var card = new AdaptiveCard { Body = [new TextBlock(CardText.Literal(text))] };
        AdaptiveCardSchema.AssertValid(card);
        return Assert.Single(CardTexts.Of(card));
    }

    /// <summary>What a CommonMark reader would make of the text besides plain words.</summary>
    private static List<string> Formatting(string text)
    {
        var document = Markdown.Parse(text, new MarkdownPipelineBuilder().UseEmphasisExtras().Build());
        return [.. document.Descendants<Inline>()
            .Where(i => i is EmphasisInline or LinkInline or CodeInline or HtmlInline or AutolinkInline)
            .Select(i => i.GetType().Name),
            .. document.Descendants<Block>().Where(b => b is HeadingBlock or ListBlock or QuoteBlock).Select(b => b.GetType().Name)];
    }
}
