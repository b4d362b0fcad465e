using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;

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

    /// <summary>The <c>{0}</c>, <c>{1}</c>… a text has.</summary>
    public static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("\\{\\d+\\}")]
    private static partial Regex Placeholder();
}
