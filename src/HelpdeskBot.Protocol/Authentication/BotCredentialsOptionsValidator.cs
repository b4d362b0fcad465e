using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Protocol.Authentication;

/// <summary>
/// Checks the credentials at start-up: the app type and its tenant, exactly one credential, and that the certificate
/// or federated token file can be read. In Production an app id is mandatory (no anonymous mode).
/// </summary>
internal sealed class BotCredentialsOptionsValidator(IHostEnvironment environment, TimeProvider time) : IValidateOptions<BotCredentialsOptions>
{
    public ValidateOptionsResult Validate(string? name, BotCredentialsOptions options)
    {
        var failures = new List<string>(options.AliasConflicts);
        var type = options.MicrosoftAppType?.Trim();
        if (!string.IsNullOrEmpty(type)
            && !string.Equals(type, BotAppTypes.MultiTenant, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(type, BotAppTypes.SingleTenant, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(type, BotAppTypes.UserAssignedMsi, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"MicrosoftAppType must be SingleTenant (the default), MultiTenant or UserAssignedMSI (got '{type}').");
        }

        if (options.IsAnonymous)
        {
            if (environment.IsProduction())
            {
                failures.Add("MicrosoftAppId is not set and the environment is Production. Anonymous local mode (no authentication) is only for development on loopback: set MicrosoftAppId, MicrosoftAppTenantId and a credential, or run with ASPNETCORE_ENVIRONMENT=Development.");
            }

            return Result(failures);
        }

        if (options.AppType is BotAppType.SingleTenant or BotAppType.UserAssignedMsi && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
        {
            failures.Add(options.AppType == BotAppType.SingleTenant
                ? "MicrosoftAppTenantId is required: MicrosoftAppType is SingleTenant (the default, as Azure creates bots since August 2025). Set it to the Entra tenant id of the bot's app registration, or set MicrosoftAppType=MultiTenant for a bot registered as multi-tenant before then."
                : $"MicrosoftAppTenantId is required when MicrosoftAppType is {options.MicrosoftAppType}: set it to the tenant id of the managed identity.");
        }

        if (options.AppType != BotAppType.UserAssignedMsi)
        {
            CheckCredential(options, failures);
        }

        return Result(failures);
    }

    private void CheckCredential(BotCredentialsOptions options, List<string> failures)
    {
        var given = new List<string>();
        if (!string.IsNullOrEmpty(options.MicrosoftAppPassword))
        {
            given.Add("MicrosoftAppPassword");
        }

        if (options.HasCertificate)
        {
            given.Add("a certificate");
        }

        if (!string.IsNullOrWhiteSpace(options.MicrosoftAppFederatedTokenFile))
        {
            given.Add("MicrosoftAppFederatedTokenFile");
        }

        switch (given.Count)
        {
            case 0:
                failures.Add("MicrosoftAppId is set but no credential is, so the bot could not answer: set MicrosoftAppPassword, a certificate (MicrosoftAppCertificatePath, MicrosoftAppCertificate from Key Vault, MicrosoftAppCertificateSubjectName or MicrosoftAppCertificateThumbprint) or a federated token (Kubernetes workload identity sets AZURE_FEDERATED_TOKEN_FILE).");
                return;
            case > 1:
                failures.Add($"The bot has {string.Join(" and ", given)} at once: keep exactly one credential (docs/configuration.md, \"Bot identity\").");
                return;
        }

        if (options.HasCertificate)
        {
            try
            {
                using var certificate = BotCertificateLoader.Load(options, time.GetUtcNow());
            }
            catch (BotCertificateException ex)
            {
                failures.Add(ex.Message);
            }
        }

        var tokenFile = options.MicrosoftAppFederatedTokenFile;
        if (!string.IsNullOrWhiteSpace(tokenFile) && !File.Exists(tokenFile))
        {
            failures.Add($"MicrosoftAppFederatedTokenFile (or AZURE_FEDERATED_TOKEN_FILE): {tokenFile} does not exist. In Kubernetes, label the pod azure.workload.identity/use: \"true\" and give its service account the azure.workload.identity/client-id annotation (deploy/k8s/).");
        }
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
