using System.Globalization;
using System.Text.Json;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes;
using HelpdeskBot.Probes.Fingerprints;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace HelpdeskBot.Diagnoses;

/// <summary>
/// <c>HelpdeskBot probe &lt;target&gt; [--json] [--attempts N] [--product NAME] [--Probes:Key=value ...]</c>.
/// Exit codes: 0 the target is healthy from here; 1 the target has a problem (any other verdict);
/// 2 usage or configuration error; 3 the target was refused by the safety policy; 4 the bot's own network is down.
/// Configuration comes from appsettings.json, environment variables (Probes__AllowedNetworks__0=...) and
/// --Section:Key=value arguments.
/// </summary>
internal static class ProbeCli
{
    public const int Healthy = 0;
    public const int Problem = 1;
    public const int Usage = 2;
    public const int Refused = 3;
    public const int BotNetwork = 4;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellationToken)
    {
        string? target = null;
        var json = false;
        int? attempts = null;
        string? product = null;
        var config = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "--json")
            {
                json = true;
            }
            else if (a is "--attempts" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                attempts = n;
                i++;
            }
            else if (a is "--product" && i + 1 < args.Length)
            {
                product = args[++i];
            }
            else if (a is "-h" or "--help")
            {
                await stdout.WriteLineAsync(Help);
                return Healthy;
            }
            else if (a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal))
            {
                config.Add(a);
                if (!a.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    config.Add(args[++i]);
                }
            }
            else if (target is null && !a.StartsWith("--", StringComparison.Ordinal))
            {
                target = a;
            }
            else
            {
                await stderr.WriteLineAsync($"probe: unknown argument '{a}'.\n{Help}");
                return Usage;
            }
        }

        if (target is null)
        {
            await stderr.WriteLineAsync($"probe: no target given.\n{Help}");
            return Usage;
        }

        if (target.Any(char.IsWhiteSpace))
        {
            await stderr.WriteLineAsync($"probe: '{target}' is not one target: it contains a space. Give one URL or host name, e.g. wiki.contoso.com.\n{Help}");
            return Usage;
        }

        if (attempts is < 1 or > 20)
        {
            await stderr.WriteLineAsync("probe: --attempts must be between 1 and 20.");
            return Usage;
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production"}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. config])
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.AddConfiguration(configuration.GetSection("Logging")).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        services.AddHelpdeskBotProbes();
        await using var provider = services.BuildServiceProvider();
        IDiagnoser diagnoser;
        ProductHint? hint = null;
        try
        {
            _ = provider.GetRequiredService<IOptions<ProbesOptions>>().Value;
            diagnoser = provider.GetRequiredService<IDiagnoser>();
            if (product is not null && (hint = ProductHints.Find(provider.GetRequiredService<FingerprintCatalogue>(), product, out var problem)) is null)
            {
                await stderr.WriteLineAsync($"probe: --product {problem}");
                return Usage;
            }
        }
        catch (OptionsValidationException e)
        {
            await stderr.WriteLineAsync("probe: invalid configuration: " + string.Join(" ", e.Failures));
            return Usage;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            console.Profile.Width = 160;
        }

        var request = new DiagnosisRequest(target, null, attempts) { Hint = hint };
        Diagnosis diagnosis;
        if (interactive && !json)
        {
            diagnosis = await console.Status().Spinner(Spinner.Known.Dots).StartAsync($"Probing {Markup.Escape(target)}…", ctx =>
                diagnoser.DiagnoseAsync(request, new StatusProgress(ctx), cancellationToken));
        }
        else
        {
            diagnosis = await diagnoser.DiagnoseAsync(request, null, cancellationToken);
        }

        if (json)
        {
            await stdout.WriteLineAsync(DiagnosisJson.ToJson(diagnosis, ReadableJson).ToJsonString(ReadableJson.Options));
        }
        else
        {
            ProbeReport.Write(console, diagnosis);
        }

        return diagnosis.Verdict.Kind switch
        {
            VerdictKind.Healthy => Healthy,
            VerdictKind.Refused => Refused,
            VerdictKind.BotNetworkProblem => BotNetwork,
            _ => Problem,
        };
    }

    /// <summary>
    /// The API's JSON, indented and without \uXXXX escapes, for people reading a terminal; durations are numbers of
    /// milliseconds, null for a phase that did not happen (<see cref="MillisecondsJsonConverter"/>).
    /// </summary>
    private static readonly ProbesJsonContext ReadableJson = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        // Enums keep their own names: VerdictKind as generated, evidence enums by their [JsonConverter] ("nxdomain").
        Converters = { new MillisecondsJsonConverter() },
    });

    private const string Help = """
        Usage: HelpdeskBot probe <target> [--json] [--attempts N] [--product NAME] [--Probes:Key=value ...]
          <target>     URL, host, host:port or IP address (https unless the port is 80)
          --json       print the diagnosis as JSON (durations in milliseconds, null for a phase that did not happen)
          --attempts   HTTP attempts (default Probes:HttpAttempts = 5)
          --product    the product the user's error page named (e.g. nginx, Cloudflare): names the failing hop when the
                       answers name none, at lower confidence; a product the fingerprint catalogue lists
        Exit codes: 0 healthy, 1 problem found, 2 usage/configuration error, 3 refused by the safety policy, 4 the bot's own network is down.
        """;

    private sealed class StatusProgress(StatusContext context) : IProgress<ProbeProgress>
    {
        public void Report(ProbeProgress value) => context.Status(Markup.Escape(value.Message) + "…");
    }
}
