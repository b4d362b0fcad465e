using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Protocol.Authentication;

/// <summary>Checks the credentials at start-up; in Production an app id is mandatory (no anonymous mode).</summary>
internal sealed class BotCredentialsOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotCredentialsOptions>
{
    public ValidateOptionsResult Validate(string? name, BotCredentialsOptions options)
    {
        var failures = new List<string>();
        var type = options.MicrosoftAppType?.Trim();
        if (!string.IsNullOrEmpty(type)
            && !string.Equals(type, BotAppTypes.MultiTenant, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(type, BotAppTypes.SingleTenant, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(type, BotAppTypes.UserAssignedMsi, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI (got '{type}').");
        }

        if (options.IsAnonymous)
        {
            if (environment.IsProduction())
            {
                failures.Add("MicrosoftAppId is not set and the environment is Production. Anonymous local mode (no authentication) is only for development on loopback: set MicrosoftAppId (and MicrosoftAppPassword or a certificate), or run with ASPNETCORE_ENVIRONMENT=Development.");
            }
        }
        else
        {
            if (options.AppType is BotAppType.SingleTenant or BotAppType.UserAssignedMsi && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
            {
                failures.Add($"MicrosoftAppTenantId is required when MicrosoftAppType is {options.MicrosoftAppType}.");
            }

            if (options.AppType != BotAppType.UserAssignedMsi
                && string.IsNullOrEmpty(options.MicrosoftAppPassword)
                && string.IsNullOrWhiteSpace(options.MicrosoftAppCertificateThumbprint)
                && string.IsNullOrWhiteSpace(options.MicrosoftAppCertificatePath))
            {
                failures.Add("MicrosoftAppId is set but neither MicrosoftAppPassword nor MicrosoftAppCertificateThumbprint/MicrosoftAppCertificatePath is: the bot could not answer.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
