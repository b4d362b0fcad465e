using Microsoft.Extensions.Options;

namespace HelpdeskBot.Configuration;

/// <summary>
/// Turns the start-up validation failures of every options section into one readable list (instead of a stack
/// trace), so an admin sees all the settings to fix at once.
/// </summary>
internal static class StartupValidationReport
{
    public static WebApplicationBuilder AddHelpdeskBotConfigurationChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<SecretSourcePolicy.Marker>, SecretSourcePolicy>();
        builder.Services.AddOptions<SecretSourcePolicy.Marker>().ValidateOnStart();
        return builder;
    }

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

        error.WriteLine($"HelpdeskBot cannot start: {failures.Count} setting(s) to fix (appsettings.sample.json lists every setting; docs/configuration.md explains them):");
        foreach (var failure in failures)
        {
            error.WriteLine("  - " + failure);
        }

        return true;
    }

    private static void Collect(Exception exception, List<string> failures)
    {
        switch (exception)
        {
            case OptionsValidationException options:
                failures.AddRange(options.Failures);
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
}
