using System.Collections.Frozen;
using System.Resources;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Tickets.Localization;

/// <summary>
/// The texts the help desk reads, in its language (<c>Tickets:Language</c>): the ticket in every provider, and the
/// cards and messages in its Teams channel (Conversations' <c>HelpDesk</c>). From the <c>Desk*.resx</c> catalogue
/// beside this file (English in <c>Desk.resx</c>, each other language in <c>Desk.&lt;language&gt;.resx</c>); each
/// text is a member named as its key. They speak of "the user"; the user's own catalogue (Conversations'
/// <c>UserTexts</c>) says "you". The user's own words are never translated: they are quoted, their language named.
/// </summary>
public sealed partial class DeskTexts
{
    /// <summary>The languages the help desk's catalogue ships, English first: those of the user's (<see cref="TextCatalogue.Shipped"/>).</summary>
    public static IReadOnlyList<string> Shipped => TextCatalogue.Shipped;

    private static readonly ResourceManager Resources = new("HelpdeskBot.Tickets.Localization.Desk", typeof(DeskTexts).Assembly);

    private static readonly FrozenDictionary<string, DeskTexts> ByLanguage =
        Shipped.ToFrozenDictionary(l => l, l => new DeskTexts(l), StringComparer.OrdinalIgnoreCase);

    private readonly TextCatalogue _catalogue;

    private DeskTexts(string language) => _catalogue = new TextCatalogue(Resources, language);

    public static DeskTexts English => ByLanguage[TextCatalogue.English];

    /// <summary>The texts of a shipped language, matched case-insensitively; null for any other.</summary>
    public static DeskTexts? Find(string? language) =>
        language is not null && ByLanguage.TryGetValue(language, out var texts) ? texts : null;

    /// <summary>The texts of a shipped language; English for anything else or null (settings are checked at start-up).</summary>
    public static DeskTexts For(string? language) => Find(language) ?? English;

    /// <summary>The language tag ("de", "pt-BR").</summary>
    public string Language => _catalogue.Language;

    /// <summary>The catalogue itself, for texts read by key (the findings, <see cref="Rendering.FindingWords"/>).</summary>
    public TextCatalogue Catalogue => _catalogue;

    /// <summary>Every key and its text in this language (for the completeness test and tools).</summary>
    public IReadOnlyDictionary<string, string> All => _catalogue.All;

    /// <summary>A count as this language writes it ("1,000", "1.000", "1 000").</summary>
    public string Number(long n) => _catalogue.Number(n);

    /// <summary>A position: "2nd" in English, the plain number in the other languages' texts.</summary>
    public string Ordinal(int n) => _catalogue.Ordinal(n);

    /// <summary>A share as a whole percentage: "85 %", "85%".</summary>
    public string Percent(double share) => Format("PercentFormat", Number((long)Math.Round(share * 100)));

    /// <summary>A fact's name before its value: "Target: ", "Cible : ".</summary>
    public string Label(string name) => Format("LabelFormat", name);

    /// <summary>A shipped language named in this language ("German", "allemand"); null for a tag that is not shipped.</summary>
    public string? LanguageName(string language) =>
        Shipped.FirstOrDefault(l => string.Equals(l, language, StringComparison.OrdinalIgnoreCase)) is { } tag
            ? Get("LanguageName_" + tag.Replace("-", string.Empty, StringComparison.Ordinal))
            : null;

    /// <summary>"error", "warning", "info".</summary>
    public string Severity(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => SeverityError,
        FindingSeverity.Warning => SeverityWarning,
        _ => SeverityInfo,
    };

    /// <summary>"3 days".</summary>
    public string Days(long count) => _catalogue.Plural(count, "Days_One", "Days_Other");

    /// <summary>"3 days ago".</summary>
    public string DaysAgo(long count) => _catalogue.Plural(count, "DaysAgo_One", "DaysAgo_Other");

    /// <summary>"3 users affected" in a ticket's title.</summary>
    public string TitleUsersAffected(long count) => _catalogue.Plural(count, "TitleUsersAffected_One", "TitleUsersAffected_Other");

    /// <summary>"Resolved; 3 reporters are being told." after a resolution.</summary>
    public string EventResolved(long count) => _catalogue.Plural(count, "EventResolved_One", "EventResolved_Other");

    /// <summary>"3 people" affected by an incident.</summary>
    public string People(long count) => _catalogue.Plural(count, "People_One", "People_Other");

    /// <summary>"30 minutes", "2 hours", "1 day": how long, in whole units.</summary>
    public string Duration(TimeSpan t) => _catalogue.Duration(t);

    private string Get(string key) => _catalogue.Get(key);

    private string Format(string key, params object?[] args) => _catalogue.Format(key, args);
}
