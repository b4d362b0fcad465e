using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Conversations.Localization;

/// <summary>
/// The languages the bot ships and how a Teams <c>locale</c> ("de-AT", "pt-PT", "ja-JP") picks one: the tag itself,
/// then its shorter forms ("de-AT" → "de"), then the one shipped language with the same primary subtag ("pt" →
/// "pt-BR"), then English (BCP 47 lookup, RFC 4647 §3.4).
/// </summary>
public static class Languages
{
    public const string English = TextCatalogue.English;

    /// <summary>Every shipped language, English first; the tags name the resource cultures (the help desk's catalogue ships the same).</summary>
    public static IReadOnlyList<string> Shipped => TextCatalogue.Shipped;

    /// <summary>Each language's name in its own words, as the language picker shows it.</summary>
    public static string NativeName(string language) => language switch
    {
        "de" => "Deutsch",
        "fr" => "Français",
        "es" => "Español",
        "pt-BR" => "Português (Brasil)",
        "ja" => "日本語",
        _ => "English",
    };

    /// <summary>Each language's name in English, for messages to whoever edits the runbooks.</summary>
    public static string EnglishName(string language) => language switch
    {
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        "pt-BR" => "Brazilian Portuguese",
        "ja" => "Japanese",
        "en" => "English",
        _ => language,
    };

    /// <summary>The shipped language for a locale; English when none fits (or the locale is missing or malformed).</summary>
    public static string Resolve(string? locale) => TryResolve(locale) ?? English;

    /// <summary>The shipped language for a locale, or null when none fits.</summary>
    public static string? TryResolve(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale) || locale.Length > 35)
        {
            return null;
        }

        // "de_AT" is how some clients write it; BCP 47 uses hyphens.
        var tag = locale.Trim().Replace('_', '-');
        while (tag.Length > 0)
        {
            foreach (var shipped in Shipped)
            {
                if (string.Equals(shipped, tag, StringComparison.OrdinalIgnoreCase))
                {
                    return shipped;
                }
            }

            var cut = tag.LastIndexOf('-');
            if (cut <= 0)
            {
                break;
            }

            tag = tag[..cut];
        }

        // "pt" or "pt-PT": the shipped language with the same primary subtag.
        foreach (var shipped in Shipped)
        {
            var primary = shipped.Split('-')[0];
            if (string.Equals(primary, tag, StringComparison.OrdinalIgnoreCase))
            {
                return shipped;
            }
        }

        return null;
    }
}
