using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Protocol.Activities;

/// <summary>
/// Teams puts an @mention in the text as <c>&lt;at&gt;Name&lt;/at&gt;</c> with a matching <c>mention</c> entity.
/// This finds and strips the bot's own mention (never other people's), also from HTML-formatted text.
/// </summary>
public static class MentionText
{
    /// <summary>True when an entity mentions <paramref name="botId"/> (ids compared case-insensitively).</summary>
    public static bool IsMentioned(Activity activity, string? botId)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrEmpty(botId) || activity.Entities is null)
        {
            return false;
        }

        foreach (var entity in activity.Entities)
        {
            if (IsMentionOf(entity, botId))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The activity's text without the bot's own mention(s), HTML tags and entities decoded when the text is
    /// HTML (<c>textFormat: xml</c> or tags present), whitespace collapsed and trimmed. Null text gives "".
    /// </summary>
    public static string StripBotMention(Activity activity, string? botId)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = activity.Text;
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var changed = false;
        if (!string.IsNullOrEmpty(botId) && activity.Entities is not null)
        {
            foreach (var entity in activity.Entities)
            {
                if (IsMentionOf(entity, botId))
                {
                    text = RemoveMention(text, entity);
                    changed = true;
                }
            }
        }

        if (text.Contains('<', StringComparison.Ordinal) || text.Contains('&', StringComparison.Ordinal))
        {
            text = WebUtility.HtmlDecode(ReplaceTags(text));
            changed = true;
        }

        // Plain text without a mention (the common personal-chat case) is only trimmed: no allocation beyond that.
        return changed ? Normalize(text) : text.Trim();
    }

    // The endpoint refuses "entities":[null]; activities built in code may still hold null members.
    private static bool IsMentionOf(Entity? entity, string botId) =>
        entity is not null
        && string.Equals(entity.Type, Entity.MentionType, StringComparison.OrdinalIgnoreCase)
        && string.Equals(entity.Mentioned?.Id, botId, StringComparison.OrdinalIgnoreCase);

    private static string RemoveMention(string text, Entity mention)
    {
        if (!string.IsNullOrEmpty(mention.Text) && text.Contains(mention.Text, StringComparison.OrdinalIgnoreCase))
        {
            return text.Replace(mention.Text, " ", StringComparison.OrdinalIgnoreCase);
        }

        // The entity text may differ in form from the message text (e.g. HTML-escaped name): fall back to the
        // <at>Name</at> element with the mentioned name.
        var name = mention.Mentioned?.Name;
        if (string.IsNullOrEmpty(name))
        {
            return text;
        }

        // NonBacktracking: linear in the text whatever it holds (a backtracking engine with a timeout turned a
        // 200,000-character run of '<' into a RegexMatchTimeoutException, issue 12).
        var pattern = "<at[^>]*>\\s*" + Regex.Escape(WebUtility.HtmlEncode(name)).Replace("&", "&(?:amp;)?", StringComparison.Ordinal)
            + "\\s*</at>|<at[^>]*>\\s*" + Regex.Escape(name) + "\\s*</at>";
        return Regex.Replace(text, pattern, " ", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\u00A0')
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Every tag (<c>&lt;</c>, at least one character that is not <c>&gt;</c>, <c>&gt;</c>) becomes a space, in one
    /// pass: after a '&lt;' with no '&gt;' anywhere later nothing more can match, so the rest is copied as it is.
    /// </summary>
    private static string ReplaceTags(string text)
    {
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('<', i);
            if (open < 0)
            {
                break;
            }

            var close = text.IndexOf('>', open + 1);
            if (close < 0)
            {
                break;
            }

            builder.Append(text, i, open - i);
            if (close == open + 1)
            {
                builder.Append("<>"); // "<>" is not a tag
            }
            else
            {
                builder.Append(' ');
            }

            i = close + 1;
        }

        builder.Append(text, i, text.Length - i);
        return builder.ToString();
    }
}
