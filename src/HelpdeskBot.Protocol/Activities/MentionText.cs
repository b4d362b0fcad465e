using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Protocol.Activities;

/// <summary>
/// Teams puts an @mention in the text as <c>&lt;at&gt;Name&lt;/at&gt;</c> with a matching <c>mention</c> entity.
/// This finds and strips the bot's own mention (never other people's), also from HTML-formatted text.
/// </summary>
public static partial class MentionText
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
            text = WebUtility.HtmlDecode(HtmlTag().Replace(text, " "));
            changed = true;
        }

        // Plain text without a mention (the common personal-chat case) is only trimmed: no allocation beyond that.
        return changed ? Normalize(text) : text.Trim();
    }

    private static bool IsMentionOf(Entity entity, string botId) =>
        string.Equals(entity.Type, Entity.MentionType, StringComparison.OrdinalIgnoreCase)
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

        var pattern = "<at[^>]*>\\s*" + Regex.Escape(WebUtility.HtmlEncode(name)).Replace("&", "&(?:amp;)?", StringComparison.Ordinal)
            + "\\s*</at>|<at[^>]*>\\s*" + Regex.Escape(name) + "\\s*</at>";
        return Regex.Replace(text, pattern, " ", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
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

    [GeneratedRegex("<[^>]+>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex HtmlTag();
}
