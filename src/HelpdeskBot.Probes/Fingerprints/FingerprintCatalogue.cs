using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Probes.Fingerprints;

/// <summary>
/// Who answered: a table of products and their error pages and headers, loaded from
/// <c>Fingerprints/fingerprints.json</c> (embedded) plus an optional <c>Probes:FingerprintsFile</c>. Entries are
/// tried in order, first match wins, so specific error pages come before header-only identifications.
/// Regexes are compiled once at load; matching one response costs a few microseconds.
/// </summary>
public sealed class FingerprintCatalogue
{
    private const string ResourceName = "HelpdeskBot.Probes.Fingerprints.fingerprints.json";
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public FingerprintCatalogue(IReadOnlyList<FingerprintEntry> entries) => Entries = entries;

    public IReadOnlyList<FingerprintEntry> Entries { get; }

    /// <summary>The embedded catalogue, after the entries of <paramref name="extraFile"/> if given.</summary>
    public static FingerprintCatalogue Load(string? extraFile)
    {
        var entries = new List<FingerprintEntry>();
        if (!string.IsNullOrWhiteSpace(extraFile))
        {
            entries.AddRange(Parse(File.ReadAllText(extraFile), extraFile));
        }

        using var stream = typeof(FingerprintCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        entries.AddRange(Parse(reader.ReadToEnd(), "embedded fingerprints.json"));
        var duplicate = entries.GroupBy(e => e.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null && string.IsNullOrWhiteSpace(extraFile))
        {
            throw new InvalidDataException($"Fingerprint id '{duplicate.Key}' appears twice.");
        }

        return new FingerprintCatalogue(entries);
    }

    /// <summary>Parses a catalogue document; a broken entry fails loudly at start-up, naming the entry.</summary>
    public static IReadOnlyList<FingerprintEntry> Parse(string json, string source)
    {
        var document = JsonSerializer.Deserialize(json, ProbesJsonContext.Default.FingerprintDocument)
            ?? throw new InvalidDataException($"{source}: empty fingerprint catalogue.");
        var entries = new List<FingerprintEntry>();
        foreach (var e in document.Entries)
        {
            string Fail(string why) => throw new InvalidDataException($"{source}: fingerprint '{e.Id}': {why}");
            if (string.IsNullOrWhiteSpace(e.Id) || string.IsNullOrWhiteSpace(e.Product) || string.IsNullOrWhiteSpace(e.Meaning))
            {
                Fail("id, product and meaning are required");
            }

            if (WireNames.Parse<HopRole>(e.Role) is not { } role)
            {
                throw new InvalidDataException($"{source}: fingerprint '{e.Id}': role must be one of {string.Join(", ", Enum.GetValues<HopRole>().Select(WireNames.Of))}");
            }

            if (WireNames.Parse<HopFault>(e.Fault) is not { } fault)
            {
                throw new InvalidDataException($"{source}: fingerprint '{e.Id}': fault must be one of {string.Join(", ", Enum.GetValues<HopFault>().Select(WireNames.Of))}");
            }

            if (e.Headers is null or { Count: 0 } && e.Body is null && e.Title is null)
            {
                Fail("needs at least one header, body or title rule");
            }

            try
            {
                entries.Add(new FingerprintEntry(
                    e.Id,
                    e.Product,
                    role,
                    fault,
                    e.Meaning,
                    e.Status is { Length: > 0 } s ? s.ToHashSet() : null,
                    [.. (e.Headers ?? []).Select(h => (h.Key, Compile(h.Value)))],
                    e.Body is null ? null : Compile(e.Body),
                    e.Title is null ? null : Compile(e.Title),
                    e.Example is null ? null : new FingerprintExample(e.Example.Status, e.Example.Headers ?? [], e.Example.Body ?? string.Empty)));
            }
            catch (ArgumentException ex)
            {
                Fail($"invalid regular expression: {ex.Message}");
            }
        }

        return entries;
    }

    /// <summary>The first entry whose rules all match, with the markers that matched.</summary>
    public HopIdentity? Match(int status, IReadOnlyDictionary<string, string> headers, string? title, string body)
    {
        foreach (var entry in Entries)
        {
            IReadOnlyList<HopMarker>? markers;
            try
            {
                markers = TryMatch(entry, status, headers, title, body);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            if (markers is not null)
            {
                return new HopIdentity(entry.Id, entry.Product, entry.Role, entry.Meaning, English(markers), entry.Fault) { Markers = markers };
            }
        }

        return null;
    }

    /// <summary>
    /// The hop a reporter named (<see cref="DiagnosisRequest.Hint"/>), as the catalogue knows that product for
    /// <paramref name="status"/>: its first entry for the status (role, fault, meaning), else its identification-only
    /// entry; null for a product the catalogue does not list (nothing would say what kind of hop it is).
    /// </summary>
    public HopIdentity? Reported(string product, int status)
    {
        var entry = Entries.FirstOrDefault(e => string.Equals(e.Product, product, StringComparison.OrdinalIgnoreCase) && e.Status is not null && e.Status.Contains(status))
            ?? Entries.FirstOrDefault(e => string.Equals(e.Product, product, StringComparison.OrdinalIgnoreCase) && e.Status is null);
        return entry is null
            ? null
            : new HopIdentity(entry.Id, entry.Product, entry.Role, entry.Meaning, $"named in the report: {entry.Product}", entry.Fault, HopSource.Reported);
    }

    /// <summary>The products the catalogue lists, each once, as it spells them ("nginx", "Cloudflare").</summary>
    public IReadOnlyList<string> Products => [.. Entries.Select(e => e.Product).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The catalogue's spelling of <paramref name="product"/> (compared case-insensitively), or null when it lists no such product.</summary>
    public string? Product(string product) =>
        Entries.FirstOrDefault(e => string.Equals(e.Product, product.Trim(), StringComparison.OrdinalIgnoreCase))?.Product;

    /// <summary>Fault class of a catalogue id.</summary>
    public HopFault FaultOf(string id) => Entries.FirstOrDefault(e => e.Id == id)?.Fault ?? HopFault.None;

    private static List<HopMarker>? TryMatch(FingerprintEntry entry, int status, IReadOnlyDictionary<string, string> headers, string? title, string body)
    {
        if (entry.Status is not null && !entry.Status.Contains(status))
        {
            return null;
        }

        var markers = new List<HopMarker>(3);
        foreach (var (name, pattern) in entry.Headers)
        {
            if (!headers.TryGetValue(name, out var value) || !pattern.IsMatch(value))
            {
                return null;
            }

            markers.Add(new HopMarker(HopMarkerKind.Header, Trim(value)) { Name = name });
        }

        try
        {
            if (entry.Title is not null)
            {
                if (title is null || !entry.Title.IsMatch(title))
                {
                    return null;
                }

                markers.Add(new HopMarker(HopMarkerKind.Title, Trim(title)));
            }

            if (entry.Body is not null)
            {
                var m = entry.Body.Match(body);
                if (!m.Success)
                {
                    return null;
                }

                markers.Add(new HopMarker(HopMarkerKind.Body, Trim(m.Value)));
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        return markers;
    }

    /// <summary>The markers in the probes' English, "; "-separated: <c>Server: cloudflare; title "…"; body "…"</c>.</summary>
    private static string English(IEnumerable<HopMarker> markers) => string.Join("; ", markers.Select(m => m.Kind switch
    {
        HopMarkerKind.Title => $"title \"{m.Value}\"",
        HopMarkerKind.Body => $"body \"{m.Value}\"",
        _ => $"{m.Name}: {m.Value}",
    }));

    private static string Trim(string value)
    {
        var flat = value.ReplaceLineEndings(" ");
        return flat.Length <= 80 ? flat : flat[..80] + "…";
    }

    private static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, RegexTimeout);
}

/// <summary>The JSON shape of fingerprints.json.</summary>
public sealed class FingerprintDocument
{
    public List<FingerprintJson> Entries { get; set; } = [];
}

public sealed class FingerprintJson
{
    public string Id { get; set; } = string.Empty;

    public string Product { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;

    public string Fault { get; set; } = "none";

    public string Meaning { get; set; } = string.Empty;

    public int[]? Status { get; set; }

    public Dictionary<string, string>? Headers { get; set; }

    public string? Body { get; set; }

    public string? Title { get; set; }

    public FingerprintExampleJson? Example { get; set; }
}

public sealed class FingerprintExampleJson
{
    public int Status { get; set; }

    public Dictionary<string, string>? Headers { get; set; }

    public string? Body { get; set; }
}
