using System.IO.Compression;
using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Catalog;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Packaging;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>The Teams app's name, descriptions and command lists in every shipped language (manifest localization files).</summary>
public sealed class ManifestLocalizationTests
{
    private static readonly ReportParser Parser = new(ServiceCatalogLoader.Load(Path.Combine(AppContext.BaseDirectory, "catalog", "services.yaml")));

    private static readonly Lazy<Dictionary<string, string>> Packaged = new(() =>
    {
        var bytes = AppPackage.Build(AppPackage.FromDirectory(RepositoryRoot.Combine("manifest")), PackageCommand.Parse(["--app-id", "5c1f0a51-8d2b-4f7e-9a3c-2b7e1d4c9f60", "--domain", "helpdeskbot.contoso.com", "--teams-app-id", "0b9c8d7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e"]).Variables);
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        return zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.Ordinal)).ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        });
    });

    private static JsonNode Manifest => JsonNode.Parse(Packaged.Value[AppPackage.ManifestFile])!;

    public static TheoryData<string> Files => new(AppPackage.LocalizationFiles(File.ReadAllText(RepositoryRoot.Combine("manifest", "manifest.json"))));

    [Fact]
    public void The_manifest_names_a_file_for_every_shipped_language_but_English_and_the_package_holds_them()
    {
        var languages = Manifest["localizationInfo"]!["additionalLanguages"]!.AsArray()
            .Select(l => (Tag: l!["languageTag"]!.GetValue<string>(), File: l["file"]!.GetValue<string>())).ToList();

        Assert.Equal("en-us", Manifest["localizationInfo"]!["defaultLanguageTag"]!.GetValue<string>());
        Assert.Equal(Languages.Shipped.Skip(1).Order(StringComparer.OrdinalIgnoreCase), languages.Select(l => Languages.Resolve(l.Tag)).Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(languages, l => Assert.True(Packaged.Value.ContainsKey(l.File), $"{l.File} is not in the package"));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_language_file_is_valid_against_the_Teams_localization_schema_1_22(string file)
    {
        Assert.Empty(TeamsManifestSchema.ValidateLocalization(Packaged.Value[file]));
    }

    [Fact]
    public void The_localization_schema_check_rejects_an_unknown_key_and_a_too_long_name()
    {
        Assert.NotEmpty(TeamsManifestSchema.ValidateLocalization("""{"name.short":"HelpdeskBot","description.short":"x","description.full":"y","bots[0].title":"z"}"""));
        Assert.NotEmpty(TeamsManifestSchema.ValidateLocalization($$"""{"name.short":"{{new string('x', 31)}}","description.short":"x","description.full":"y"}"""));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_language_file_translates_every_text_of_the_manifest_and_nothing_else(string file)
    {
        var localized = JsonNode.Parse(Packaged.Value[file])!.AsObject();
        var expected = new List<string> { "name.short", "name.full", "description.short", "description.full" };
        var lists = Manifest["bots"]![0]!["commandLists"]!.AsArray();
        for (var l = 0; l < lists.Count; l++)
        {
            for (var c = 0; c < lists[l]!["commands"]!.AsArray().Count; c++)
            {
                expected.Add($"bots[0].commandLists[{l}].commands[{c}].title");
                expected.Add($"bots[0].commandLists[{l}].commands[{c}].description");
            }
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), localized.Select(p => p.Key).Where(k => k != "$schema").Order(StringComparer.Ordinal));
        // Command titles are words the bot understands in that language ("status" is Brazilian Portuguese too): the next test.
        foreach (var key in expected.Where(k => k != "name.short" && !k.EndsWith("].title", StringComparison.Ordinal)))
        {
            Assert.NotEqual(Text(Manifest, key), localized[key]!.GetValue<string>());
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_localized_command_is_understood_as_the_English_one(string file)
    {
        var localized = JsonNode.Parse(Packaged.Value[file])!.AsObject();
        foreach (var (key, value) in localized.Where(p => p.Key.EndsWith("].title", StringComparison.Ordinal)))
        {
            var english = Parser.Parse(Text(Manifest, key)).Intent;
            Assert.NotEqual(Intent.None, english);
            Assert.Equal(english, Parser.Parse(value!.GetValue<string>()).Intent);
        }
    }

    [Theory]
    [InlineData("../secrets.json")]
    [InlineData("lang/de.json")]
    [InlineData("de.txt")]
    public void A_localization_file_outside_the_package_root_is_refused(string file)
    {
        var manifest = $$$"""{"localizationInfo":{"defaultLanguageTag":"en-us","additionalLanguages":[{"languageTag":"de","file":"{{{file}}}"}]}}""";
        var ex = Assert.Throws<PackageException>(() => AppPackage.LocalizationFiles(manifest));
        Assert.Contains(file, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"localizationInfo":{"defaultLanguageFile":7}}""", "localizationInfo.defaultLanguageFile must be a string")]
    [InlineData("""{"localizationInfo":{"additionalLanguages":[{"languageTag":"de","file":{"name":"de.json"}}]}}""", "\"file\" must be a string")]
    [InlineData("""{"localizationInfo":{"additionalLanguages":{"de":"de.json"}}}""", "additionalLanguages must be an array")]
    public void A_localization_entry_of_the_wrong_kind_is_a_clear_package_error(string manifest, string message)
    {
        var ex = Assert.Throws<PackageException>(() => AppPackage.LocalizationFiles(manifest));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The manifest's text at a localization key ("description.full", "bots[0].commandLists[1].commands[2].title").</summary>
    private static string Text(JsonNode manifest, string key)
    {
        JsonNode node = manifest;
        foreach (var part in key.Split('.'))
        {
            var name = part.Split('[')[0];
            node = node[name]!;
            foreach (var index in part.Split('[').Skip(1))
            {
                node = node[int.Parse(index.TrimEnd(']'), System.Globalization.CultureInfo.InvariantCulture)]!;
            }
        }

        return node.GetValue<string>();
    }
}
