using System.Collections.Frozen;
using System.Globalization;
using System.Resources;

namespace HelpdeskBot.Conversations.Localization;

/// <summary>
/// The texts a person reads from the bot, in one shipped language, from the <c>Texts*.resx</c> catalogue beside this
/// file (English in <c>Texts.resx</c>, every other language in <c>Texts.&lt;language&gt;.resx</c>). Each text is a
/// member named as its resource key, so a missing or misspelt key fails the completeness test, not a user's card.
/// All texts are read once per language; a lookup is a dictionary read, so choosing a language costs a turn nothing.
/// </summary>
internal sealed partial class UserTexts
{
    private static readonly ResourceManager Resources = new("HelpdeskBot.Conversations.Localization.Texts", typeof(UserTexts).Assembly);

    private static readonly FrozenDictionary<string, UserTexts> ByLanguage =
        Languages.Shipped.ToFrozenDictionary(l => l, l => new UserTexts(l), StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, string> _texts;
    private readonly NumberFormatInfo _numbers;

    private UserTexts(string language)
    {
        Language = language;
        Culture = CultureInfo.GetCultureInfo(language);
        // The English resource set holds every key; each language's value comes from its satellite, English where it has none.
        var keys = Resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)
            ?? throw new MissingManifestResourceException("The English text catalogue (Texts.resx) is not in the assembly.");
        _texts = keys.Cast<System.Collections.DictionaryEntry>()
            .ToFrozenDictionary(e => (string)e.Key, e => Resources.GetString((string)e.Key, Culture) ?? (string)e.Value!, StringComparer.Ordinal);
        var numbers = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        numbers.NumberGroupSeparator = Get(nameof(NumberGroupSeparator));
        numbers.NumberDecimalSeparator = Get(nameof(NumberDecimalSeparator));
        _numbers = NumberFormatInfo.ReadOnly(numbers);
    }

    /// <summary>English: the default and the last step of every fallback chain.</summary>
    public static UserTexts English => ByLanguage[Languages.English];

    /// <summary>The texts of a shipped language (see <see cref="Languages.Shipped"/>); English for anything else or null.</summary>
    public static UserTexts For(string? language) =>
        language is not null && ByLanguage.TryGetValue(language, out var texts) ? texts : English;

    /// <summary>The language tag ("de", "pt-BR").</summary>
    public string Language { get; }

    /// <summary>The culture of the language (in invariant globalization mode: its name, with invariant formats).</summary>
    public CultureInfo Culture { get; }

    /// <summary>Every key and its text in this language (for the completeness test and tools).</summary>
    public IReadOnlyDictionary<string, string> All => _texts;

    public string NumberGroupSeparator => Get(nameof(NumberGroupSeparator));

    public string NumberDecimalSeparator => Get(nameof(NumberDecimalSeparator));

    /// <summary>A count as this language writes it ("1,000", "1.000", "1 000").</summary>
    public string Number(long n) => n.ToString("#,0", _numbers);

    /// <summary>"30 minutes", "2 hours", "1 day": how long the bot waited, in whole units.</summary>
    public string Duration(TimeSpan t) => t switch
    {
        { TotalDays: >= 1 } when t.TotalDays % 1 == 0 => Days((long)t.TotalDays),
        { TotalHours: >= 1 } when t.TotalHours % 1 == 0 => Hours((long)t.TotalHours),
        _ => Minutes((long)Math.Round(t.TotalMinutes)),
    };

    /// <summary>A position: "2nd" in English; the other languages' texts take the plain number ("Station 2 von 3").</summary>
    public string Ordinal(int n) => Language != Languages.English
        ? Number(n)
        : (n % 100) switch
        {
            11 or 12 or 13 => Number(n) + "th",
            _ => Number(n) + (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" },
        };

    /// <summary>
    /// The singular text for <paramref name="n"/> when the language uses it (CLDR plural rules: French counts 0 and 1
    /// as singular, Japanese has no plural), else the plural; both have <c>{0}</c> for the number.
    /// </summary>
    private string Plural(long n, string one, string other)
    {
        var singular = Language switch
        {
            "ja" => false,
            "fr" or "pt-BR" => n is 0 or 1,
            _ => n == 1,
        };
        return Format(singular ? one : other, Number(n));
    }

    private string Get(string key) =>
        _texts.TryGetValue(key, out var text) ? text : throw new MissingManifestResourceException($"Text '{key}' is not in the catalogue (Texts.resx).");

    /// <summary>A text with its <c>{0}</c>, <c>{1}</c>… filled in; arguments are already worded (numbers through <see cref="Number"/>).</summary>
    private string Format(string key, params object?[] args) => string.Format(CultureInfo.InvariantCulture, Get(key), args);
}
