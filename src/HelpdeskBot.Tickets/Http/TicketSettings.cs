using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Http;

/// <summary>What every provider's folder needs to register its settings and check them at start-up, naming each setting.</summary>
internal static class TicketSettings
{
    /// <summary>Binds <typeparamref name="TOptions"/> to <c>Tickets:{provider}</c> with its validator, checked at start.</summary>
    public static void AddProviderOptions<TOptions, TValidator>(this IServiceCollection services, string provider)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration($"{TicketsOptions.Section}:{provider}").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }

    public static ValidateOptionsResult Result(List<string> errors) =>
        errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

    public static void Require(List<string> errors, string? value, string setting)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{setting} is required for this Tickets:Provider.");
        }
    }

    /// <summary>
    /// Absolute, https outside loopback (ticket requests carry the provider's credentials and the users' reports;
    /// http stays for a receiver on the same machine), and no user:password in the URL, where it would be logged
    /// with every request.
    /// </summary>
    public static void RequireUrl(List<string> errors, Uri? value, string setting)
    {
        if (value is null || !value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttps && value.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{setting} is required for this Tickets:Provider and must be an absolute https URL.");
            return;
        }

        var fixes = new List<string>();
        if (value.Scheme == Uri.UriSchemeHttp && !value.IsLoopback)
        {
            fixes.Add($"use https (http is accepted only for a receiver on loopback): https://{value.Host}");
        }

        if (!string.IsNullOrEmpty(value.UserInfo))
        {
            fixes.Add("remove the user name and password from the URL (it would be logged with every request) and set the provider's own credential settings (docs/configuration.md)");
        }

        if (fixes.Count > 0)
        {
            errors.Add($"{setting}: {string.Join("; ", fixes)}.");
        }
    }
}
