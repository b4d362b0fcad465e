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
          --teams-app-id <guid>    the Teams app id (default: the bot's app id)
          --version <x.y.z>        the app version; raise it for every update of an uploaded app (default 1.0.0)
          --developer-name <text>  shown in the Teams store entry (default "IT Help Desk")
          --website-url <url>      developer website (default https://<domain>/)
          --privacy-url <url>      privacy statement (default: the website url)
          --terms-url <url>        terms of use (default: the website url)
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
            var source = request.ManifestDirectory is null ? AppPackage.Embedded() : AppPackage.FromDirectory(request.ManifestDirectory);
            var zip = AppPackage.Build(source, request.Variables);
            var directory = Path.GetDirectoryName(Path.GetFullPath(request.OutputPath));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllBytes(request.OutputPath, zip);
            output.WriteLine($"Wrote {Path.GetFullPath(request.OutputPath)} ({zip.Length:N0} bytes) for bot {request.Variables["BOT_ID"]} on {request.Variables["BOT_DOMAIN"]}.");
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
            else if (name is "--app-id" or "--domain" or "--teams-app-id" or "--version" or "--developer-name"
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
        var teamsAppId = RequireGuid(values, "--teams-app-id", required: false) ?? appId;
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
            ["TEAMS_APP_ID"] = teamsAppId,
            ["BOT_DOMAIN"] = domain,
            ["APP_VERSION"] = version,
            ["DEVELOPER_NAME"] = values.GetValueOrDefault("--developer-name", "IT Help Desk"),
            ["WEBSITE_URL"] = website,
            ["PRIVACY_URL"] = RequireHttpsUrl(values, "--privacy-url") ?? website,
            ["TERMS_URL"] = RequireHttpsUrl(values, "--terms-url") ?? website,
        };
        foreach (var (key, value) in extra)
        {
            variables[key] = value;
        }

        return new PackageRequest(variables, values.GetValueOrDefault("--manifest-dir"), values.GetValueOrDefault("--out", "helpdeskbot.zip"));
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
internal sealed record PackageRequest(IReadOnlyDictionary<string, string> Variables, string? ManifestDirectory, string OutputPath);
