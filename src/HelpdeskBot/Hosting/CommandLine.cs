using System.Reflection;

namespace HelpdeskBot.Hosting;

/// <summary>
/// The executable's own options, answered before anything starts: <c>--help</c> and <c>--version</c> print and exit
/// 0; an argument the host would not read (a stray word) exits 2 (the usual usage-error code) instead of starting the
/// bot with it ignored. Everything else (<c>--urls</c>, <c>--Section:Key=value</c>) is configuration for the host.
/// </summary>
internal static class CommandLine
{
    public const int UsageError = 2;

    public const string Usage = """
        Usage: HelpdeskBot [--Section:Key=value ...]      run the bot (settings: appsettings.sample.json, docs/configuration.md)
               HelpdeskBot probe <target> [--json]       diagnose a site from the command line (probe --help)
               HelpdeskBot package --app-id <guid> --domain <host>   build the Teams app package (package --help)
               HelpdeskBot --version | --help
        Settings also come from environment variables (Section__Key) and appsettings.json; --urls sets the listening address.
        """;

    /// <summary>The exit code when the arguments are answered here; null when the bot should start.</summary>
    public static int? TryHandle(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(a => a is "-h" or "--help" or "-?" or "help"))
        {
            output.WriteLine(Usage);
            return 0;
        }

        if (args.Any(a => a is "--version" or "-v"))
        {
            output.WriteLine($"HelpdeskBot {Version}");
            return 0;
        }

        for (var i = 0; i < args.Length; i++)
        {
            // The host's command-line configuration reads --key=value, --key value and /key value.
            var takesValue = i > 0 && (args[i - 1].StartsWith('-') || args[i - 1].StartsWith('/')) && !args[i - 1].Contains('=', StringComparison.Ordinal);
            if (!args[i].StartsWith('-') && !args[i].StartsWith('/') && !takesValue)
            {
                error.WriteLine($"HelpdeskBot: unknown command '{args[i]}'.");
                error.WriteLine(Usage);
                return UsageError;
            }
        }

        return null;
    }

    /// <summary>The informational version (with the commit when the build records one), else the assembly version.</summary>
    public static string Version { get; } =
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CommandLine).Assembly.GetName().Version?.ToString() ?? "unknown";
}
