using System.IO.Compression;
using System.Text.Json.Nodes;
using HelpdeskBot.Packaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace HelpdeskBot.Tests.Shipping;

public sealed class ManifestTests
{
    private const string AppId = "5c1f0a51-8d2b-4f7e-9a3c-2b7e1d4c9f60";
    private const string Domain = "helpdeskbot.contoso.com";

    private static string ManifestDir => RepositoryRoot.Combine("manifest");

    [Fact]
    public void Committed_icons_are_the_ones_the_painter_draws()
    {
        using var color = IconPainter.Color();
        using var outline = IconPainter.Outline();
        if (Environment.GetEnvironmentVariable("HB_WRITE_ICONS") == "1")
        {
            color.SaveAsPng(Path.Combine(ManifestDir, "color.png"));
            outline.SaveAsPng(Path.Combine(ManifestDir, "outline.png"));
        }

        AssertSamePixels(color, Path.Combine(ManifestDir, "color.png"));
        AssertSamePixels(outline, Path.Combine(ManifestDir, "outline.png"));
    }

    [Fact]
    public void Color_icon_is_192_square_and_fully_opaque()
    {
        using var image = Image.Load<Rgba32>(Path.Combine(ManifestDir, "color.png"));
        Assert.Equal((192, 192), (image.Width, image.Height));
        var colours = new HashSet<Rgba32>();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                Assert.Equal(255, image[x, y].A);
                colours.Add(image[x, y]);
            }
        }

        Assert.Equal(IconPainter.Accent, image[0, 0]);
        Assert.Contains(new Rgba32(255, 255, 255, 255), colours);
    }

    [Fact]
    public void Outline_icon_is_32_square_white_on_a_transparent_background()
    {
        using var image = Image.Load<Rgba32>(Path.Combine(ManifestDir, "outline.png"));
        Assert.Equal((32, 32), (image.Width, image.Height));
        int transparent = 0, opaque = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var p = image[x, y];
                if (p.A == 0)
                {
                    transparent++;
                    continue;
                }

                // Teams: "white with transparent background" — every visible pixel is white, only alpha varies.
                Assert.True(p is { R: 255, G: 255, B: 255 }, $"pixel ({x},{y}) is {p}, not white");
                if (p.A == 255)
                {
                    opaque++;
                }
            }
        }

        Assert.Equal(0, image[0, 0].A);
        Assert.Equal(0, image[31, 31].A);
        Assert.True(transparent > 32 * 32 / 2, $"only {transparent} transparent pixels");
        Assert.True(opaque > 40, $"only {opaque} opaque pixels: the outline is not visible");
    }

    [Fact]
    public void Template_keeps_placeholders_for_the_ids_and_domain()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(ManifestDir, "manifest.json")))!;
        Assert.Equal("${{BOT_ID}}", manifest["bots"]![0]!["botId"]!.GetValue<string>());
        Assert.Equal("${{TEAMS_APP_ID}}", manifest["id"]!.GetValue<string>());
        Assert.Equal("${{BOT_DOMAIN}}", manifest["validDomains"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Packaged_manifest_is_valid_against_the_Teams_1_22_schema()
    {
        var manifest = PackagedManifest(Build(ManifestDirectorySource()));
        var errors = TeamsManifestSchema.Validate(manifest.ToJsonString());
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Theory]
    [InlineData("manifestVersion", "\"1.21\"")]
    [InlineData("accentColor", "\"blue\"")]
    [InlineData("id", "\"not-a-guid\"")]
    public void Schema_check_rejects_a_broken_manifest(string property, string json)
    {
        var manifest = PackagedManifest(Build(ManifestDirectorySource()));
        manifest[property] = JsonNode.Parse(json);
        Assert.NotEmpty(TeamsManifestSchema.Validate(manifest.ToJsonString()));
    }

    [Fact]
    public void Bot_is_in_all_three_scopes_with_the_five_commands_in_each()
    {
        var bot = PackagedManifest(Build(ManifestDirectorySource()))["bots"]![0]!;
        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.False(bot["supportsFiles"]!.GetValue<bool>());
        var lists = bot["commandLists"]!.AsArray();
        Assert.Equal(["personal", "team", "groupChat"], lists.Select(l => l!["scopes"]![0]!.GetValue<string>()));
        foreach (var list in lists)
        {
            Assert.Equal(["help", "start over", "cancel", "status", "language"], list!["commands"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void Package_command_writes_a_zip_with_the_three_files_at_its_root_and_the_ids_filled()
    {
        var dir = Directory.CreateTempSubdirectory("hb-package-");
        try
        {
            var zipPath = Path.Combine(dir.FullName, "out", "helpdeskbot.zip");
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = PackageCommand.Run(
                ["package", "--app-id", AppId.ToUpperInvariant(), "--domain", Domain, "--version", "1.2.3", "--out", zipPath],
                output, error);

            Assert.True(exit == 0, error.ToString());
            using var zip = ZipFile.OpenRead(zipPath);
            Assert.Equal(["color.png", "de.json", "es.json", "fr.json", "ja.json", "manifest.json", "outline.png", "pt-br.json"], zip.Entries.Select(e => e.FullName).Order());
            var manifest = ReadManifest(zip);
            Assert.DoesNotContain("${{", manifest.ToJsonString(), StringComparison.Ordinal);
            Assert.Equal(AppId, manifest["bots"]![0]!["botId"]!.GetValue<string>());
            // The Teams app has its own id, generated once and kept beside the zip for the next package.
            var teamsAppId = manifest["id"]!.GetValue<string>();
            Assert.True(Guid.TryParse(teamsAppId, out _));
            Assert.NotEqual(AppId, teamsAppId);
            Assert.Equal(teamsAppId, File.ReadAllText(Path.Combine(dir.FullName, "out", "helpdeskbot.teams-app-id")).Trim());
            Assert.Contains(teamsAppId, output.ToString(), StringComparison.Ordinal);
            Assert.Equal(0, PackageCommand.Run(["package", "--app-id", AppId, "--domain", Domain, "--version", "1.2.4", "--out", zipPath], output, error));
            using (var second = ZipFile.OpenRead(zipPath))
            {
                Assert.Equal(teamsAppId, ReadManifest(second)["id"]!.GetValue<string>());
            }

            Assert.Equal("1.2.3", manifest["version"]!.GetValue<string>());
            Assert.Equal([Domain], manifest["validDomains"]!.AsArray().Select(d => d!.GetValue<string>()));
            Assert.Equal($"https://{Domain}/", manifest["developer"]!["websiteUrl"]!.GetValue<string>());
            Assert.Equal($"https://{Domain}/privacy", manifest["developer"]!["privacyUrl"]!.GetValue<string>());
            Assert.Equal($"https://{Domain}/terms", manifest["developer"]!["termsOfUseUrl"]!.GetValue<string>());
            Assert.Equal(File.ReadAllBytes(Path.Combine(ManifestDir, "color.png")), ReadEntry(zip, "color.png"));
            Assert.Equal(File.ReadAllBytes(Path.Combine(ManifestDir, "outline.png")), ReadEntry(zip, "outline.png"));
            Assert.Empty(TeamsManifestSchema.Validate(manifest.ToJsonString()));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Built_in_package_files_are_the_manifest_folder()
    {
        var embedded = AppPackage.Embedded();
        foreach (var name in new[] { "manifest.json", "color.png", "outline.png", "de.json", "fr.json", "es.json", "pt-br.json", "ja.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(ManifestDir, name)), embedded.Read(name));
        }
    }

    [Fact]
    public void A_separate_teams_app_id_and_extra_variables_are_filled()
    {
        var teamsAppId = "0b9c8d7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e";
        var template = """{"id":"${{TEAMS_APP_ID}}","bot":"${{BOT_ID}}","note":"${{NOTE}}"}""";
        var request = PackageCommand.Parse(["--app-id", AppId, "--domain", Domain, "--teams-app-id", teamsAppId, "--var", "NOTE=say \"hi\""]);
        var filled = JsonNode.Parse(AppPackage.Fill(template, request.Variables))!;
        Assert.Equal(teamsAppId, filled["id"]!.GetValue<string>());
        Assert.Equal(AppId, filled["bot"]!.GetValue<string>());
        Assert.Equal("say \"hi\"", filled["note"]!.GetValue<string>());
    }

    [Fact]
    public void An_unknown_placeholder_is_named_instead_of_left_in_the_package()
    {
        var request = PackageCommand.Parse(["--app-id", AppId, "--domain", Domain]);
        var ex = Assert.Throws<PackageException>(() => AppPackage.Fill("""{"a":"${{SUPPORT_EMAIL}}"}""", request.Variables));
        Assert.Contains("SUPPORT_EMAIL", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--var", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--domain", Domain }, "--app-id is required")]
    [InlineData(new[] { "--app-id", "bot", "--domain", Domain }, "--app-id 'bot' is not a GUID")]
    [InlineData(new[] { "--app-id", AppId }, "--domain is required")]
    [InlineData(new[] { "--app-id", AppId, "--domain", "https://helpdeskbot.contoso.com/api" }, "is not a host name")]
    [InlineData(new[] { "--app-id", AppId, "--domain", Domain, "--version", "1.0" }, "--version '1.0'")]
    [InlineData(new[] { "--app-id", AppId, "--domain", Domain, "--privacy-url", "http://x.example/" }, "must be an https:// URL")]
    [InlineData(new[] { "--app-id", AppId, "--domain", Domain, "--colour", "red" }, "unknown option '--colour'")]
    [InlineData(new[] { "--app-id", AppId, "--domain", Domain, "--teams-app-id", AppId }, "--teams-app-id must differ from --app-id")]
    public void Package_command_says_which_option_is_wrong(string[] options, string expected)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = PackageCommand.Run(["package", .. options, "--out", Path.Combine(Path.GetTempPath(), "never-written.zip")], output, error);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    private static PackageSource ManifestDirectorySource() => AppPackage.FromDirectory(ManifestDir);

    private static byte[] Build(PackageSource source) =>
        AppPackage.Build(source, PackageCommand.Parse(["--app-id", AppId, "--domain", Domain, "--teams-app-id", "0b9c8d7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e"]).Variables);

    private static JsonNode PackagedManifest(byte[] zipBytes)
    {
        using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        return ReadManifest(zip);
    }

    private static JsonNode ReadManifest(ZipArchive zip) =>
        JsonNode.Parse(System.Text.Encoding.UTF8.GetString(ReadEntry(zip, "manifest.json")))!;

    private static byte[] ReadEntry(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void AssertSamePixels(Image<Rgba32> expected, string path)
    {
        using var actual = Image.Load<Rgba32>(path);
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        for (var y = 0; y < expected.Height; y++)
        {
            for (var x = 0; x < expected.Width; x++)
            {
                Assert.True(expected[x, y] == actual[x, y], $"{Path.GetFileName(path)} differs at ({x},{y}); regenerate with HB_WRITE_ICONS=1");
            }
        }
    }
}
