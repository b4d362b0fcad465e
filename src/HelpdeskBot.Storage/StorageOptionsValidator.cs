using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HelpdeskBot.Storage;

/// <summary>The checks data annotations cannot express: the connection string the chosen provider needs.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        // Data annotations of the nested sections (ValidateDataAnnotations checks only the top level).
        var failures = new List<string>();
        Annotations(options.Sqlite, "Storage:Sqlite", failures);
        Annotations(options.Postgres, "Storage:Postgres", failures);
        if (failures.Count > 0)
        {
            return ValidateOptionsResult.Fail(failures);
        }

        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                return string.IsNullOrWhiteSpace(options.Sqlite?.Path)
                    ? ValidateOptionsResult.Fail("Storage:Sqlite:Path is required when Storage:Provider is Sqlite.")
                    : ValidateOptionsResult.Success;
            case StorageProvider.Postgres:
                var connectionString = options.Postgres?.ConnectionString;
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    return ValidateOptionsResult.Fail("Storage:Postgres:ConnectionString is required when Storage:Provider is Postgres.");
                }

                try
                {
                    var builder = new NpgsqlConnectionStringBuilder(connectionString);
                    if (string.IsNullOrWhiteSpace(builder.Host))
                    {
                        return ValidateOptionsResult.Fail("Storage:Postgres:ConnectionString has no Host.");
                    }

                    if (options.Postgres!.Authentication == PostgresAuthentication.Entra) // not null: its connection string was read above
                    {
                        var entra = new List<string>();
                        if (string.IsNullOrWhiteSpace(builder.Username))
                        {
                            entra.Add("Storage:Postgres:ConnectionString needs Username when Storage:Postgres:Authentication is Entra: the name of the bot's role, which is the managed identity's name (docs/deploy.md, \"PostgreSQL with the managed identity\").");
                        }

                        if (!string.IsNullOrEmpty(builder.Password))
                        {
                            entra.Add("Storage:Postgres:ConnectionString has a Password but Storage:Postgres:Authentication is Entra, which signs in with a token: remove the password (or set Authentication to Password).");
                        }

                        if (entra.Count > 0)
                        {
                            return ValidateOptionsResult.Fail(entra);
                        }
                    }
                }
                catch (ArgumentException)
                {
                    // The exception's message may quote the string (and its password): say only that it is malformed.
                    return ValidateOptionsResult.Fail("Storage:Postgres:ConnectionString is not a valid Npgsql connection string.");
                }

                return ValidateOptionsResult.Success;
            default:
                return ValidateOptionsResult.Fail($"Storage:Provider '{options.Provider}' is not supported; use Sqlite or Postgres.");
        }
    }

    /// <summary>"The field BusyTimeout must …" → "Storage:Sqlite:BusyTimeout must …": the admin reads the setting's name.</summary>
    private static string Named(ValidationResult result, string path)
    {
        var message = result.ErrorMessage ?? "is not valid";
        return result.MemberNames.SingleOrDefault() is { } member && message.StartsWith($"The field {member} ", StringComparison.Ordinal)
            ? $"{path}:{member}{message[$"The field {member}".Length..]}"
            : $"{path}: {message}";
    }

    private static void Annotations(object? section, string path, List<string> failures)
    {
        if (section is null)
        {
            return;
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => Named(r, path)));
        }
    }
}
