using System.Collections.Frozen;
using System.Globalization;
using System.Resources;
using HelpdeskBot.Tickets.Localization;

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

    private readonly TextCatalogue _catalogue;

    private UserTexts(string language) => _catalogue = new TextCatalogue(Resources, language);

    /// <summary>English: the default and the last step of every fallback chain.</summary>
    public static UserTexts English => ByLanguage[Languages.English];

    /// <summary>The texts of a shipped language (see <see cref="Languages.Shipped"/>); English for anything else or null.</summary>
    public static UserTexts For(string? language) =>
        language is not null && ByLanguage.TryGetValue(language, out var texts) ? texts : English;

    /// <summary>The language tag ("de", "pt-BR").</summary>
    public string Language => _catalogue.Language;

    /// <summary>The culture of the language (in invariant globalization mode: its name, with invariant formats).</summary>
    public CultureInfo Culture => _catalogue.Culture;

    /// <summary>The catalogue itself, for texts read by key (the findings, <c>FindingWords</c> in Tickets).</summary>
    public TextCatalogue Catalogue => _catalogue;

    /// <summary>Every key and its text in this language (for the completeness test and tools).</summary>
    public IReadOnlyDictionary<string, string> All => _catalogue.All;

    public string NumberGroupSeparator => Get(nameof(NumberGroupSeparator));

    public string NumberDecimalSeparator => Get(nameof(NumberDecimalSeparator));

    /// <summary>A count as this language writes it ("1,000", "1.000", "1 000").</summary>
    public string Number(long n) => _catalogue.Number(n);

    /// <summary>"30 minutes", "2 hours", "1 day": how long the bot waited, in whole units.</summary>
    public string Duration(TimeSpan t) => _catalogue.Duration(t);

    /// <summary>A position: "2nd" in English; the other languages' texts take the plain number ("Station 2 von 3").</summary>
    public string Ordinal(int n) => _catalogue.Ordinal(n);

    /// <summary>The singular or plural text for <paramref name="n"/> as the language counts (see <see cref="TextCatalogue.Plural"/>).</summary>
    private string Plural(long n, string one, string other) => _catalogue.Plural(n, one, other);

    private string Get(string key) => _catalogue.Get(key);

    /// <summary>A text with its <c>{0}</c>, <c>{1}</c>… filled in; arguments are already worded (numbers through <see cref="Number"/>).</summary>
    private string Format(string key, params object?[] args) => _catalogue.Format(key, args);
}
