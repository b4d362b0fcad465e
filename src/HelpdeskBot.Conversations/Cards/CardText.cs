using System.Text;

namespace HelpdeskBot.Conversations.Cards;

/// <summary>Text helpers for cards: user- and site-supplied strings are shown literally, never as Markdown or links.</summary>
internal static class CardText
{
    /// <summary>Removes characters that Adaptive Card Markdown would interpret, and bounds the length.</summary>
    public static string Literal(string? text, int max = 200)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(Math.Min(text.Length, max));
        foreach (var c in text)
        {
            if (sb.Length >= max)
            {
                sb.Append('…');
                break;
            }

            sb.Append(c switch
            {
                '*' or '_' or '[' or ']' or '`' or '<' or '>' or '#' or '~' => ' ',
                '{' or '}' => ' ', // {{DATE(…)}} and {{TIME(…)}} are card functions

                '\r' or '\n' or '\t' => ' ',
                _ => c,
            });
        }

        return sb.ToString().Trim();
    }

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
