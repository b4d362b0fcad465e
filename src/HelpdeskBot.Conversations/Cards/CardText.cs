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
                '\r' or '\n' or '\t' => ' ',
                _ => c,
            });
        }

        return sb.ToString().Trim();
    }

    public static string Ms(TimeSpan t) => $"{Math.Round(t.TotalMilliseconds):0} ms";
}
