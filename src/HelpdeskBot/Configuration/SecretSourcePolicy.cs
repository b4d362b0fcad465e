using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Configuration;

/// <summary>
/// In Production, secrets come only from the environment (App Service settings, Kubernetes Secrets, Key Vault
/// references, which App Service resolves into environment variables) or other non-file providers, never from a
/// JSON file that may be committed or baked into an image. Checked at start-up like every option.
/// </summary>
internal sealed partial class SecretSourcePolicy(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<SecretSourcePolicy.Marker>
{
    public ValidateOptionsResult Validate(string? name, Marker options)
    {
        if (!environment.IsProduction() || configuration is not IConfigurationRoot root)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        foreach (var (key, value) in root.AsEnumerable())
        {
            if (string.IsNullOrEmpty(value) || !IsSecret(key, value))
            {
                continue;
            }

            // The provider that wins is the last one holding the key (later providers override earlier ones).
            var source = root.Providers.Reverse().FirstOrDefault(p => p.TryGet(key, out var v) && !string.IsNullOrEmpty(v));
            if (source is JsonConfigurationProvider json)
            {
                var variable = key.Replace(":", "__", StringComparison.Ordinal);
                failures.Add($"{key} is set in {json.Source.Path}, a file. In Production secrets come only from the environment or Key Vault: remove it from the file and set the environment variable {variable} (on App Service a Key Vault reference, in Kubernetes a Secret).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Passwords, client secrets, tokens, API keys, the bot's certificate with its key, and connection strings that carry a password.</summary>
    public static bool IsSecret(string key, string value)
    {
        var segments = key.Split(':');
        var last = segments[^1];
        if (int.TryParse(last, out _) && segments.Length > 1)
        {
            last = segments[^2];
        }

        if (SecretName().IsMatch(last))
        {
            return true;
        }

        // Admin:ApiKeys:N:Key (the scoped form) and the deprecated Tickets:Api:Keys / AdminKeys lists.
        if ((segments.Length >= 3 && last.Equals("Key", StringComparison.OrdinalIgnoreCase) && segments[^3].Equals("ApiKeys", StringComparison.OrdinalIgnoreCase))
            || (segments.Length >= 2 && segments[0].Equals("Tickets", StringComparison.OrdinalIgnoreCase) && (last.Equals("Keys", StringComparison.OrdinalIgnoreCase) || last.Equals("AdminKeys", StringComparison.OrdinalIgnoreCase))))
        {
            return true;
        }

        return last.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase)
            && (value.Contains("password=", StringComparison.OrdinalIgnoreCase) || value.Contains("pwd=", StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex("(password|secret|apikey|apikeys|token|privatekey|sharedkey|appcertificate)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    /// <summary>No settings of its own: it exists so the check runs with ValidateOnStart.</summary>
    internal sealed class Marker;
}
