using System.Reflection;
using System.Text.RegularExpressions;
using HelpdeskBot.Conversations.Catalog;
using HelpdeskBot.Conversations.Runbooks;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Configuration;

/// <summary>
/// Turns the start-up validation failures of every options section (and of the runbook and catalogue files) into
/// one readable list instead of a stack trace, so an admin sees all the settings to fix at once.
/// </summary>
internal static partial class StartupValidationReport
{
    public static WebApplicationBuilder AddHelpdeskBotConfigurationChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<SecretSourcePolicy.Marker>, SecretSourcePolicy>();
        builder.Services.AddOptions<SecretSourcePolicy.Marker>().ValidateOnStart();
        // Replaces the framework's factory for every section (AddOptions only adds its own if none is there).
        builder.Services.AddTransient(typeof(IOptionsFactory<>), typeof(ReportingOptionsFactory<>));
        return builder;
    }

    /// <summary>
    /// Validates every section registered with ValidateOnStart now, all together, before the endpoints are mapped:
    /// mapping resolves some options, and the first invalid one would otherwise be reported alone.
    /// </summary>
    public static void ValidateSettings(this WebApplication app) => app.Services.GetService<IStartupValidator>()?.Validate();

    /// <summary>Every validation message in <paramref name="exception"/> (aggregated or single), or none.</summary>
    public static IReadOnlyList<string> Failures(Exception exception)
    {
        var failures = new List<string>();
        Collect(exception, failures);
        return failures.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Writes the summary when <paramref name="exception"/> is a validation failure; false otherwise.</summary>
    public static bool TryWrite(Exception exception, TextWriter error)
    {
        var failures = Failures(exception);
        if (failures.Count == 0)
        {
            return false;
        }

        var count = failures.Count == 1 ? "1 setting to fix" : $"{failures.Count} settings to fix";
        error.WriteLine($"HelpdeskBot cannot start: {count} (appsettings.sample.json lists every setting; docs/configuration.md explains them):");
        foreach (var failure in failures)
        {
            error.WriteLine("  - " + failure);
        }

        return true;
    }

    /// <summary>
    /// For a failure that is not about settings (a bug, a broken machine): one line with the exception's type and
    /// message, never the stack trace of an unhandled exception (exit code 134).
    /// </summary>
    public static void WriteUnexpected(Exception exception, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var root = exception is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerExceptions[0] : exception;
        error.WriteLine($"HelpdeskBot cannot start: {root.GetType().Name}: {root.Message}");
        error.WriteLine("  The log above has the details; docs/deploy.md lists what each deployment needs.");
    }

    /// <summary>The binder's conversion error as "setting: the value is not a …", without the value (it may be a secret).</summary>
    public static string? DescribeBindingError(InvalidOperationException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var match = BindingError().Match(exception.Message);
        if (!match.Success)
        {
            return null;
        }

        var type = match.Groups["type"].Value;
        var expected = type switch
        {
            "System.TimeSpan" => "a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)",
            "System.Boolean" => "true or false",
            "System.Int32" or "System.Int64" => "a whole number",
            "System.Double" => "a number",
            "System.Uri" => "an absolute URL",
            _ => $"a valid {type[(type.LastIndexOfAny(['.', '+']) + 1)..]} (docs/configuration.md lists the values)",
        };
        return $"{match.Groups["path"].Value} has a value that is not {expected}.";
    }

    /// <summary>The setting whose value the binder could not convert ("Probes:DnsTimeout"), or null.</summary>
    public static string? BindingErrorPath(InvalidOperationException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var match = BindingError().Match(exception.Message);
        return match.Success ? match.Groups["path"].Value : null;
    }

    private static void Collect(Exception exception, List<string> failures)
    {
        switch (exception)
        {
            case OptionsValidationException options:
                failures.AddRange(options.Failures.SelectMany(f => Readable(f, options.OptionsType)));
                break;
            case RunbookValidationException runbooks:
                failures.AddRange(runbooks.Errors.Select(e => $"Runbook {e}. Fix the file or set Runbooks:Path (docs/runbooks.md)."));
                break;
            case ServiceCatalogValidationException catalogue:
                failures.AddRange(catalogue.Problems.Select(p => $"Service catalogue {p}. Fix the file or set Catalog:Path."));
                break;
            case AggregateException aggregate:
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Collect(inner, failures);
                }

                break;
            default:
                if (exception.InnerException is not null)
                {
                    Collect(exception.InnerException, failures);
                }

                break;
        }
    }

    /// <summary>
    /// ValidateDataAnnotations words its failures after the class ("DataAnnotation validation failed for
    /// 'ConversationsOptions' members: 'StatusListSize' with the error: '…'"); an admin needs the setting's name
    /// (<c>Conversations:StatusListSize</c>), taken from the section constant every options class declares.
    /// </summary>
    private static IEnumerable<string> Readable(string failure, Type? optionsType)
    {
        var match = DataAnnotationFailure().Match(failure);
        if (!match.Success)
        {
            return [failure];
        }

        var section = SectionOf(optionsType);
        var members = match.Groups["members"].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries).Select(m => m.Trim('\'')).ToList();
        var setting = string.Join(", ", members.Select(m => section is null ? m : $"{section}:{m}"));
        var error = match.Groups["error"].Value;
        var firstWord = error.Split(' ', 2)[0];
        if (error.StartsWith(setting, StringComparison.Ordinal)
            || (firstWord.Contains(':', StringComparison.Ordinal) && (section is null || firstWord.StartsWith(section + ":", StringComparison.Ordinal))))
        {
            // A custom ErrorMessage that already names the setting, also one of a nested section
            // ("Storage:Sqlite:BusyTimeout must …", member Sqlite) or of a class without a section constant.
            return [error];
        }

        // "The field StatusListSize must be …" → "Conversations:StatusListSize must be …"
        return members.Count == 1 && error.StartsWith($"The field {members[0]} ", StringComparison.Ordinal)
            ? [setting + error[$"The field {members[0]}".Length..]]
            : [$"{setting}: {error}"];
    }

    internal static string? SectionOf(Type? optionsType) =>
        optionsType?.GetFields(BindingFlags.Public | BindingFlags.Static)
            .FirstOrDefault(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name is "SectionName" or "Section")
            ?.GetRawConstantValue() as string;

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: (?<members>.+?) with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    [GeneratedRegex(@"at '(?<path>[^']*)' to type '(?<type>[^']*)'")]
    private static partial Regex BindingError();
}
