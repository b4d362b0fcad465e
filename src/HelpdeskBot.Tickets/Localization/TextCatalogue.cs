using System.Collections.Frozen;
using System.Globalization;
using System.Resources;

namespace HelpdeskBot.Tickets.Localization;

/// <summary>
/// One language of a <c>.resx</c> text catalogue, read once into a lookup table: English (the neutral resources) holds
/// every key, each other language's satellite its translations, English where it has none. Shared by the user's
/// catalogue (Conversations' <c>UserTexts</c>) and the help desk's (<see cref="DeskTexts"/>), so both count, pluralise
/// and fill placeholders the same way. Every catalogue has <c>NumberGroupSeparator</c> and <c>NumberDecimalSeparator</c>.
/// </summary>
public sealed class TextCatalogue
{
    /// <summary>English: the catalogues' default and the last step of every fallback chain.</summary>
    public const string English = "en";

    /// <summary>
    /// The languages the catalogues ship, English first: the user's (Conversations' <c>UserTexts</c>) and the help
    /// desk's (<see cref="DeskTexts"/>) alike, each with a <c>.resx</c> satellite per tag.
    /// </summary>
    public static IReadOnlyList<string> Shipped { get; } = [English, "de", "fr", "es", "pt-BR", "ja"];

    private readonly FrozenDictionary<string, string> _texts;
    private readonly NumberFormatInfo _numbers;
    private readonly string _name;

    public TextCatalogue(ResourceManager resources, string language)
    {
        ArgumentNullException.ThrowIfNull(resources);
        Language = language;
        Culture = CultureInfo.GetCultureInfo(language);
        _name = resources.BaseName;
        var keys = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)
            ?? throw new MissingManifestResourceException($"The English text catalogue ({resources.BaseName}) is not in the assembly.");
        _texts = keys.Cast<System.Collections.DictionaryEntry>()
            .ToFrozenDictionary(e => (string)e.Key, e => resources.GetString((string)e.Key, Culture) ?? (string)e.Value!, StringComparer.Ordinal);
        var numbers = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        numbers.NumberGroupSeparator = Get("NumberGroupSeparator");
        numbers.NumberDecimalSeparator = Get("NumberDecimalSeparator");
        _numbers = NumberFormatInfo.ReadOnly(numbers);
    }

    /// <summary>The language tag ("de", "pt-BR").</summary>
    public string Language { get; }

    /// <summary>The culture of the language (in invariant globalization mode: its name, with invariant formats).</summary>
    public CultureInfo Culture { get; }

    /// <summary>Every key and its text in this language.</summary>
    public IReadOnlyDictionary<string, string> All => _texts;

    public string Get(string key) =>
        _texts.TryGetValue(key, out var text) ? text : throw new MissingManifestResourceException($"Text '{key}' is not in the catalogue ({_name}).");

    /// <summary>A text with its <c>{0}</c>, <c>{1}</c>… filled in; arguments are already worded (numbers through <see cref="Number"/>).</summary>
    public string Format(string key, params object?[] args) => string.Format(CultureInfo.InvariantCulture, Get(key), args);

    /// <summary>A count as this language writes it ("1,000", "1.000", "1 000").</summary>
    public string Number(long n) => n.ToString("#,0", _numbers);

    /// <summary>A measure with up to two decimals as this language writes it ("2.5", "2,5").</summary>
    public string Number(double n) => n.ToString("#,0.##", _numbers);

    /// <summary>A position: "2nd" in English; the other languages' texts take the plain number ("Station 2 von 3").</summary>
    public string Ordinal(int n) => Language != English
        ? Number(n)
        : (n % 100) switch
        {
            11 or 12 or 13 => Number(n) + "th",
            _ => Number(n) + (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" },
        };

    /// <summary>
    /// "30 minutes", "2 hours", "1 day": how long, in whole units, from the catalogue's <c>Days_*</c>, <c>Hours_*</c>
    /// and <c>Minutes_*</c> texts.
    /// </summary>
    public string Duration(TimeSpan t) => t switch
    {
        { TotalDays: >= 1 } when t.TotalDays % 1 == 0 => Plural((long)t.TotalDays, "Days_One", "Days_Other"),
        { TotalHours: >= 1 } when t.TotalHours % 1 == 0 => Plural((long)t.TotalHours, "Hours_One", "Hours_Other"),
        _ => Plural((long)Math.Round(t.TotalMinutes), "Minutes_One", "Minutes_Other"),
    };

    /// <summary>
    /// The text <paramref name="one"/> for <paramref name="n"/> when the language uses its singular (CLDR plural rules:
    /// French and Brazilian Portuguese count 0 and 1 as singular, Japanese has no plural), else <paramref name="other"/>;
    /// both have <c>{0}</c> for the number and may have more placeholders after it.
    /// </summary>
    public string Plural(long n, string one, string other, params object?[] more)
    {
        var singular = Language switch
        {
            "ja" => false,
            "fr" or "pt-BR" => n is 0 or 1,
            _ => n == 1,
        };
        return Format(singular ? one : other, [Number(n), .. more]);
    }
}
