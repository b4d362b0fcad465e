using System.Text;

namespace HelpdeskBot.Conversations.Cards;

/// <summary>Text helpers for cards: user- and site-supplied strings are shown literally, never as Markdown or links.</summary>
internal static class CardText
{
    /// <summary>
    /// Blanks the characters that Adaptive Card Markdown would interpret, keeping those that cannot format where they
    /// stand (an underscore inside a word, a '#' after text, a single brace), and bounds the length.
    /// </summary>
    public static string Literal(string? text, int max = 200)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(Math.Min(text.Length, max));
        var wordsBefore = false; // a '#' after any text cannot start a heading
        for (var i = 0; i < text.Length; i++)
        {
            if (sb.Length >= max)
            {
                sb.Append('…');
                break;
            }

            var c = text[i];
            var shown = c switch
            {
                // Card Markdown is a CommonMark subset (https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features):
                // an underscore between two letters or digits can neither open nor close emphasis (CommonMark 0.31 §6.2,
                // rules 2 and 4), so "HTTP_1_1_REQUIRED" and "build_42" keep theirs; any other underscore could.
                '_' when IsIntraword(text, i) => '_',
                '#' when wordsBefore => '#', // a heading starts a line (§4.2): "Ticket #42", "C#" keep theirs
                '*' or '_' or '[' or ']' or '`' or '<' or '>' or '#' or '~' => ' ',
                '{' or '}' when Doubled(text, i) => ' ', // {{DATE(…)}} and {{TIME(…)}} are card functions; one brace is text

                '\r' or '\n' or '\t' => ' ',
                _ => c,
            };
            sb.Append(shown);
            wordsBefore |= !char.IsWhiteSpace(shown);
        }

        return sb.ToString().Trim();
    }

    private static bool Doubled(string text, int i) =>
        (i > 0 && text[i - 1] == text[i]) || (i < text.Length - 1 && text[i + 1] == text[i]);

    private static bool IsIntraword(string text, int i) =>
        i > 0 && i < text.Length - 1 && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(text[i + 1]);

    /// <summary>
    /// A date and time the Teams client shows in the reader's own time zone and format (Adaptive Cards text
    /// functions, https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features#datetime-formatting-and-localization).
    /// </summary>
    public static string LocalDateTime(DateTimeOffset at)
    {
        var rfc3339 = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return $"{{{{DATE({rfc3339}, SHORT)}}}} {{{{TIME({rfc3339})}}}}";
    }
}
