using System.Globalization;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Packaging;

/// <summary>
/// <c>HelpdeskBot package --app-id &lt;guid&gt; --domain &lt;host&gt; [options]</c>: writes the sideloadable Teams app zip.
/// </summary>
internal static partial class PackageCommand
{
    public const string Usage = """
        Usage: HelpdeskBot package --app-id <guid> --domain <host> [options]
          --app-id <guid>          the bot's Microsoft App ID (Azure Bot resource / Entra app registration)   [required]
          --domain <host>          the bot's public host name, e.g. helpdeskbot.contoso.com (no https://)   [required]
          --teams-app-id <guid>    the Teams app's own id, distinct from the bot's (default: generated once and
                                   kept in the --teams-app-id-file, so every update replaces the same app)
          --teams-app-id-file <f>  where the generated Teams app id is kept (default: next to --out, .teams-app-id)
          --version <x.y.z>        the app version; raise it for every update of an uploaded app (default 1.0.0)
          --developer-name <text>  shown in the Teams store entry (default "IT Help Desk")
          --website-url <url>      developer website (default https://<domain>/)
          --privacy-url <url>      privacy statement (default https://<domain>/privacy, served by the bot)
          --terms-url <url>        terms of use (default https://<domain>/terms, served by the bot)
          --var NAME=value         fills any other ${{NAME}} placeholder of an edited manifest
          --manifest-dir <dir>     use the manifest.json, color.png and outline.png of this folder (default: the built-in ones)
          --out <file>             where to write the zip (default helpdeskbot.zip)
        """;

    public static bool IsInvoked(string[] args) =>
        args.Length > 0 && string.Equals(args[0], "package", StringComparison.OrdinalIgnoreCase);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            output.WriteLine(Usage);
            return 0;
        }

        PackageRequest request;
        try
        {
            request = Parse(args.Skip(1).ToArray());
        }
        catch (PackageException ex)
        {
            error.WriteLine("package: " + ex.Message);
            error.WriteLine(Usage);
            return 2;
        }

        try
        {
            request = WithTeamsAppId(request, output);
            var source = request.ManifestDirectory is null ? AppPackage.Embedded() : AppPackage.FromDirectory(request.ManifestDirectory);
            var zip = AppPackage.Build(source, request.Variables);
            var directory = Path.GetDirectoryName(Path.GetFullPath(request.OutputPath));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllBytes(request.OutputPath, zip);
            output.WriteLine($"Wrote {Path.GetFullPath(request.OutputPath)} ({zip.Length:N0} bytes): Teams app {request.Variables["TEAMS_APP_ID"]} for bot {request.Variables["BOT_ID"]} on {request.Variables["BOT_DOMAIN"]}.");
            output.WriteLine("Upload it in Teams: Apps > Manage your apps > Upload an app (or the Teams admin center for the whole tenant).");
            return 0;
        }
        catch (PackageException ex)
        {
            error.WriteLine("package: " + ex.Message);
            return 1;
        }
    }

    /// <summary>Reads the options; throws <see cref="PackageException"/> naming the option and the fix.</summary>
    public static PackageRequest Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new PackageException($"unexpected argument '{name}'.");
            }

            var value = args[++i];
            if (name == "--var")
            {
                var eq = value.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new PackageException($"--var needs NAME=value, got '{value}'.");
                }

                extra[value[..eq]] = value[(eq + 1)..];
            }
            else if (name is "--app-id" or "--domain" or "--teams-app-id" or "--teams-app-id-file" or "--version" or "--developer-name"
                     or "--website-url" or "--privacy-url" or "--terms-url" or "--manifest-dir" or "--out")
            {
                values[name] = value;
            }
            else
            {
                throw new PackageException($"unknown option '{name}'.");
            }
        }

        var appId = RequireGuid(values, "--app-id", required: true)!;
        var teamsAppId = RequireGuid(values, "--teams-app-id", required: false);
        if (teamsAppId == appId)
        {
            throw new PackageException("--teams-app-id must differ from --app-id: the Teams app and the bot are two things with their own ids (leave --teams-app-id out to have one generated and kept).");
        }

        if (!values.TryGetValue("--domain", out var domain) || string.IsNullOrWhiteSpace(domain))
        {
            throw new PackageException("--domain is required: the bot's public host name, e.g. helpdeskbot.contoso.com (the Bicep output 'botHostName').");
        }

        domain = domain.Trim().ToLowerInvariant();
        if (Uri.CheckHostName(domain) != UriHostNameType.Dns || domain.Contains('/', StringComparison.Ordinal))
        {
            throw new PackageException($"--domain '{domain}' is not a host name: give it without https:// or a path, e.g. helpdeskbot.contoso.com.");
        }

        var version = values.GetValueOrDefault("--version", "1.0.0");
        if (!SemVer().IsMatch(version))
        {
            throw new PackageException($"--version '{version}' is not a version like 1.0.0 (Teams needs semver, raised for every update).");
        }

        var website = RequireHttpsUrl(values, "--website-url") ?? $"https://{domain}/";
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BOT_ID"] = appId,
            ["BOT_DOMAIN"] = domain,
            ["APP_VERSION"] = version,
            ["DEVELOPER_NAME"] = values.GetValueOrDefault("--developer-name", "IT Help Desk"),
            ["WEBSITE_URL"] = website,
            // The bot serves both pages itself (Legal:PrivacyText, Legal:TermsText).
            ["PRIVACY_URL"] = RequireHttpsUrl(values, "--privacy-url") ?? $"https://{domain}/privacy",
            ["TERMS_URL"] = RequireHttpsUrl(values, "--terms-url") ?? $"https://{domain}/terms",
        };
        if (teamsAppId is not null)
        {
            variables["TEAMS_APP_ID"] = teamsAppId;
        }

        foreach (var (key, value) in extra)
        {
            variables[key] = value;
        }

        var outputPath = values.GetValueOrDefault("--out", "helpdeskbot.zip");
        var idFile = values.GetValueOrDefault("--teams-app-id-file", Path.ChangeExtension(outputPath, ".teams-app-id"));
        return new PackageRequest(variables, values.GetValueOrDefault("--manifest-dir"), outputPath, idFile);
    }

    /// <summary>
    /// The Teams app id: given, or read from the id file, or generated and written there. Teams identifies an
    /// uploaded app by this id, so a second package must carry the first one's to update it instead of adding a copy.
    /// </summary>
    private static PackageRequest WithTeamsAppId(PackageRequest request, TextWriter output)
    {
        if (request.Variables.ContainsKey("TEAMS_APP_ID"))
        {
            return request;
        }

        string teamsAppId;
        if (File.Exists(request.TeamsAppIdFile))
        {
            var kept = File.ReadAllText(request.TeamsAppIdFile).Trim();
            teamsAppId = Guid.TryParseExact(kept, "D", out var guid)
                ? guid.ToString("D", CultureInfo.InvariantCulture)
                : throw new PackageException($"{request.TeamsAppIdFile} does not hold a GUID: restore the Teams app id it kept, or pass --teams-app-id.");
        }
        else
        {
            teamsAppId = Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture);
            var directory = Path.GetDirectoryName(Path.GetFullPath(request.TeamsAppIdFile));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(request.TeamsAppIdFile, teamsAppId + Environment.NewLine);
            output.WriteLine($"Generated the Teams app id {teamsAppId} and kept it in {Path.GetFullPath(request.TeamsAppIdFile)}: keep that file, the next package updates the same app.");
        }

        if (teamsAppId == request.Variables["BOT_ID"])
        {
            throw new PackageException($"{request.TeamsAppIdFile} holds the bot's app id; the Teams app needs its own: delete the file to generate one.");
        }

        var variables = new Dictionary<string, string>(request.Variables, StringComparer.Ordinal) { ["TEAMS_APP_ID"] = teamsAppId };
        return request with { Variables = variables };
    }

    private static string? RequireGuid(Dictionary<string, string> values, string name, bool required)
    {
        if (!values.TryGetValue(name, out var value))
        {
            return required
                ? throw new PackageException($"{name} is required: the bot's Microsoft App ID (a GUID), as in the MicrosoftAppId setting.")
                : null;
        }

        return Guid.TryParseExact(value.Trim(), "D", out var guid)
            ? guid.ToString("D", CultureInfo.InvariantCulture)
            : throw new PackageException($"{name} '{value}' is not a GUID like 00000000-0000-0000-0000-000000000000.");
    }

    private static string? RequireHttpsUrl(Dictionary<string, string> values, string name)
    {
        if (!values.TryGetValue(name, out var value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? value
            : throw new PackageException($"{name} '{value}' must be an https:// URL.");
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex SemVer();
}

/// <param name="Variables">Placeholder name → value.</param>
/// <param name="TeamsAppIdFile">Where a generated Teams app id is kept.</param>
internal sealed record PackageRequest(IReadOnlyDictionary<string, string> Variables, string? ManifestDirectory, string OutputPath, string TeamsAppIdFile);
