using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Packaging;

/// <summary>
/// Builds the Teams app package (the zip an admin uploads): manifest.json with its <c>${{NAME}}</c> placeholders
/// filled, color.png and outline.png, and the localization file of each language the manifest's
/// <c>localizationInfo</c> names, all at the zip root as Teams requires
/// (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package,
/// https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-localization).
/// </summary>
internal static partial class AppPackage
{
    public const string ManifestFile = "manifest.json";
    public const string ColorIconFile = "color.png";
    public const string OutlineIconFile = "outline.png";

    private static readonly string[] Files = [ManifestFile, ColorIconFile, OutlineIconFile];

    /// <summary>The manifest/ folder's files as built into HelpdeskBot.dll, so `package` also works from a container.</summary>
    public static PackageSource Embedded()
    {
        var assembly = typeof(AppPackage).Assembly;
        return new PackageSource(name => ReadResource(assembly, name));
    }

    /// <summary>The files of a folder (an admin's edited copy of manifest/).</summary>
    public static PackageSource FromDirectory(string directory) =>
        new(name =>
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path)
                ? File.ReadAllBytes(path)
                : throw new PackageException($"{path} does not exist: the manifest folder needs {string.Join(", ", Files)} and every localization file manifest.json names.");
        });

    /// <summary>Fills the placeholders and returns the zip's bytes; throws <see cref="PackageException"/> saying what to fix.</summary>
    public static byte[] Build(PackageSource source, IReadOnlyDictionary<string, string> variables)
    {
        var manifest = Fill(System.Text.Encoding.UTF8.GetString(source.Read(ManifestFile)), variables);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            // A fixed timestamp keeps the package byte-for-byte reproducible from the same inputs.
            var stamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            Add(zip, ManifestFile, System.Text.Encoding.UTF8.GetBytes(manifest), stamp);
            Add(zip, ColorIconFile, source.Read(ColorIconFile), stamp);
            Add(zip, OutlineIconFile, source.Read(OutlineIconFile), stamp);
            foreach (var file in LocalizationFiles(manifest))
            {
                Add(zip, file, source.Read(file), stamp);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Replaces every <c>${{NAME}}</c>; each value is JSON-escaped. Every placeholder must be known.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> variables)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var filled = Placeholder().Replace(template, m =>
        {
            if (variables.TryGetValue(m.Groups[1].Value, out var value))
            {
                // Serialize gives a quoted, escaped JSON string; the placeholder already sits inside quotes.
                var json = JsonSerializer.Serialize(value, PackagingJsonContext.Default.String);
                return json[1..^1];
            }

            missing.Add(m.Groups[1].Value);
            return m.Value;
        });
        if (missing.Count > 0)
        {
            throw new PackageException($"manifest.json has placeholders with no value: {string.Join(", ", missing)}. Pass them with --var NAME=value.");
        }

        try
        {
            _ = JsonNode.Parse(filled);
        }
        catch (JsonException ex)
        {
            throw new PackageException($"manifest.json is not valid JSON after filling its placeholders: {ex.Message}");
        }

        return filled;
    }

    /// <summary>The files <c>localizationInfo</c> names (default and additional languages); each must be a plain file name at the zip root.</summary>
    public static IReadOnlyList<string> LocalizationFiles(string manifestJson)
    {
        var info = JsonNode.Parse(manifestJson)?["localizationInfo"];
        var files = new List<string>();
        if (Text(info?["defaultLanguageFile"], "localizationInfo.defaultLanguageFile") is { } defaultFile)
        {
            files.Add(defaultFile);
        }

        var additional = info?["additionalLanguages"];
        if (additional is not null and not JsonArray)
        {
            throw new PackageException("manifest.json: localizationInfo.additionalLanguages must be an array.");
        }

        foreach (var language in (JsonArray?)additional ?? [])
        {
            files.Add(Text(language?["file"], "a localizationInfo.additionalLanguages entry's \"file\"")
                ?? throw new PackageException("manifest.json: a localizationInfo.additionalLanguages entry has no \"file\"."));
        }

        foreach (var file in files)
        {
            if (file.Length == 0 || file.Contains('/', StringComparison.Ordinal) || file.Contains('\\', StringComparison.Ordinal) || file.StartsWith('.') || !file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                throw new PackageException($"manifest.json: localization file \"{file}\" must be a .json file name beside manifest.json (no folders).");
            }
        }

        return files.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>A string of the manifest, or null when absent; any other JSON there is a clear error, not the node's InvalidOperationException.</summary>
    private static string? Text(JsonNode? node, string what) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw new PackageException($"manifest.json: {what} must be a string."),
    };

    private static void Add(ZipArchive zip, string name, byte[] content, DateTimeOffset stamp)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = stamp;
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static byte[] ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream("manifest/" + name)
            ?? throw new PackageException($"manifest/{name} is not embedded in {assembly.GetName().Name}.dll; rebuild it from the repository.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [GeneratedRegex(@"\$\{\{([A-Za-z0-9_]+)\}\}")]
    private static partial Regex Placeholder();
}

/// <summary>Where the manifest and icons come from.</summary>
internal sealed class PackageSource(Func<string, byte[]> read)
{
    public byte[] Read(string name) => read(name);
}

/// <summary>A package that cannot be built; the message says what to fix.</summary>
internal sealed class PackageException(string message) : Exception(message);
