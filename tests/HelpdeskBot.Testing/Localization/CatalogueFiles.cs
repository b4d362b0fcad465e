using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using Xunit;

namespace HelpdeskBot.Testing.Localization;

/// <summary>
/// A text catalogue as it ships, read straight from the assembly (English) and each language's satellite assembly,
/// not through the fallback a ResourceManager applies: what a language's file really holds. Used by the completeness
/// tests of the user's catalogue (Conversations) and the help desk's (Tickets).
/// </summary>
public static partial class CatalogueFiles
{
    /// <summary>Every key and text of <paramref name="baseName"/> ("HelpdeskBot.Tickets.Localization.Desk") in one culture (invariant = English).</summary>
    public static Dictionary<string, string> Read(Assembly assembly, string baseName, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(culture);
        var source = culture.Name.Length == 0 ? assembly : assembly.GetSatelliteAssembly(culture);
        var name = culture.Name.Length == 0 ? $"{baseName}.resources" : $"{baseName}.{culture.Name}.resources";
        using var stream = source.GetManifestResourceStream(name) ?? throw new Xunit.Sdk.XunitException($"{name} is not in {source.GetName().Name}");
        using var set = new ResourceSet(stream);
        return set.Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    /// <summary>Each text of <paramref name="texts"/> has the same <c>{n}</c> placeholders as its English text.</summary>
    /// <summary>The satellite of <paramref name="language"/> has exactly the English keys, none of them empty.</summary>
    public static void AssertSameKeys(IReadOnlyDictionary<string, string> english, IReadOnlyDictionary<string, string> satellite, string language)
    {
        Assert.Empty(english.Keys.Except(satellite.Keys));
        Assert.Empty(satellite.Keys.Except(english.Keys));
        Assert.All(satellite, kv => Assert.False(string.IsNullOrEmpty(kv.Value), $"{language}: {kv.Key} is empty"));
    }

    /// <summary>The keys whose text in <paramref name="texts"/> is still the English one, beyond the allowed ones.</summary>
    public static List<string> EnglishLeftOver(IReadOnlyDictionary<string, string> english, IReadOnlyDictionary<string, string> texts, IReadOnlyDictionary<string, HashSet<string>> sameAsEnglish, string language) =>
        [.. texts.Where(kv => kv.Value == english[kv.Key] && !(sameAsEnglish.GetValueOrDefault(kv.Key)?.Contains(language) ?? false)).Select(kv => kv.Key)];

    public static void AssertSamePlaceholders(IReadOnlyDictionary<string, string> english, IReadOnlyDictionary<string, string> texts, string language)
    {
        ArgumentNullException.ThrowIfNull(english);
        ArgumentNullException.ThrowIfNull(texts);
        foreach (var (key, text) in texts)
        {
            Assert.True(Placeholders(english[key]).SetEquals(Placeholders(text)), $"{language}: {key} has {{…}} placeholders unlike English ('{text}' vs '{english[key]}')");
        }
    }

    /// <summary>The public text members of a typed catalogue (string properties and string methods), less <paramref name="except"/>.</summary>
    public static IReadOnlyList<MemberInfo> TextMembers(Type catalogue, params string[] except) =>
        catalogue.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m is PropertyInfo { PropertyType.Name: nameof(String) } or MethodInfo { ReturnType.Name: nameof(String), IsSpecialName: false })
            .Where(m => !except.Contains(m.Name, StringComparer.Ordinal))
            .ToList();

    /// <summary>
    /// Every text member reads a key of its own name (or its <c>_One</c>/<c>_Other</c> forms), and every key is read by
    /// a member, but for keys with a <c>_</c> and those starting with one of <paramref name="readByKey"/>.
    /// </summary>
    public static void AssertMembersMatchKeys(IReadOnlyList<MemberInfo> members, IEnumerable<string> keys, params string[] readByKey)
    {
        var names = members.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var all = keys.ToHashSet(StringComparer.Ordinal);
        var unread = all.Except(names).Where(k => !k.Contains('_', StringComparison.Ordinal) && !readByKey.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList();
        var missing = names.Except(all).Where(m => !all.Any(k => k.StartsWith(m + "_", StringComparison.Ordinal))).ToList();
        Assert.Equal([], unread);
        Assert.Equal([], missing);
    }

    /// <summary>Every text member of <paramref name="texts"/> answers, with sample arguments, a text with no placeholder left.</summary>
    public static void AssertEveryMemberAnswers(object texts, IReadOnlyList<MemberInfo> members, string language)
    {
        foreach (var member in members)
        {
            var value = member switch
            {
                PropertyInfo p => (string?)p.GetValue(texts),
                MethodInfo m => (string?)m.Invoke(texts, m.GetParameters().Select(Sample).ToArray()),
                _ => null,
            };
            Assert.False(string.IsNullOrEmpty(value), $"{language}: {member.Name}");
            Assert.Empty(Placeholders(value!));
        }
    }

    /// <summary>A sample argument: "x" for text, 2 for a count, 30 minutes for a time span, the first value of an enum.</summary>
    private static object? Sample(ParameterInfo p) =>
        p.ParameterType == typeof(string) ? "x"
        : p.ParameterType == typeof(int) || p.ParameterType == typeof(long) ? Convert.ChangeType(2, p.ParameterType, CultureInfo.InvariantCulture)
        : p.ParameterType == typeof(TimeSpan) ? TimeSpan.FromMinutes(30)
        : p.ParameterType.IsEnum ? Enum.GetValues(p.ParameterType).GetValue(0)
        : null;

    /// <summary>
    /// The keys of French texts with a plain space before <c>: ; ? !</c> or inside « » (French typography wants a
    /// non-breaking one, so a line never starts with the mark).
    /// </summary>
    public static List<string> FrenchSpacingBroken(IReadOnlyDictionary<string, string> french) =>
        [.. french.Where(kv => FrenchPlainSpace().IsMatch(kv.Value)).Select(kv => kv.Key)];

    [GeneratedRegex(" [:;?!»]|« ")]
    private static partial Regex FrenchPlainSpace();

    /// <summary>The <c>{0}</c>, <c>{1}</c>… a text has.</summary>
    public static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("\\{\\d+\\}")]
    private static partial Regex Placeholder();
}
