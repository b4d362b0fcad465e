using System.Net;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Conversations.Understanding;

/// <summary>
/// Turns Teams message text into plain text: Teams sends HTML (textFormat xml) with auto-linked URLs
/// (<c>&lt;a href=…&gt;</c>) and <c>&lt;at&gt;Bot&lt;/at&gt;</c> mention markup in channels.
/// </summary>
internal static partial class MessageText
{
    /// <summary>Plain text plus the http(s) links found in anchors.</summary>
    public static (string Text, IReadOnlyList<string> Links) Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return (string.Empty, []);
        }

        var links = new List<string>();
        foreach (Match m in AnchorHref().Matches(raw))
        {
            var href = WebUtility.HtmlDecode(m.Groups["href"].Value).Trim();
            if (href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                links.Add(href);
            }
        }

        var text = Mention().Replace(raw, " ");
        text = LineBreak().Replace(text, " ");
        text = Tag().Replace(text, string.Empty);
        text = WebUtility.HtmlDecode(text);
        text = text.Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u00A0', ' ').Replace('\u201C', '"').Replace('\u201D', '"');
        text = LeadingAtName().Replace(text, string.Empty);
        text = Spaces().Replace(text, " ").Trim();
        return (text, links);
    }

    [GeneratedRegex("<a\\s[^>]*?href\\s*=\\s*[\"'](?<href>[^\"']*)[\"']", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnchorHref();

    [GeneratedRegex("<at[^>]*>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Mention();

    [GeneratedRegex("<(br|/p|/div|/li)\\s*/?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LineBreak();

    [GeneratedRegex("<[^>]+>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    // A mention that arrived as plain text ("@HelpdeskBot 502 on …") at the very start.
    [GeneratedRegex("^\\s*@[A-Za-z][\\w-]*\\s+", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingAtName();

    [GeneratedRegex("\\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
