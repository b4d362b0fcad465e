using Microsoft.Extensions.Configuration;

namespace HelpdeskBot.Protocol.Authentication;

/// <summary>
/// Reads <see cref="BotCredentialsOptions"/> from the top-level Bot Framework keys and, as aliases, from the
/// Microsoft 365 Agents SDK's <c>Connections:ServiceConnection:Settings</c> section, so an Agents SDK project's
/// settings work unchanged. A top-level key wins; the same setting given both ways with different values is reported
/// at start-up. <c>AZURE_FEDERATED_TOKEN_FILE</c> (Kubernetes workload identity) is the credential when no other is set.
/// </summary>
internal static class BotCredentialsConfiguration
{
    public const string AgentsSection = "Connections:ServiceConnection:Settings";

    /// <summary>Agents SDK <c>AuthType</c> values and the app type each one means here.</summary>
    private static readonly Dictionary<string, string> AuthTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ClientSecret"] = BotAppTypes.SingleTenant,
        ["Certificate"] = BotAppTypes.SingleTenant,
        ["CertificateSubjectName"] = BotAppTypes.SingleTenant,
        ["WorkloadIdentity"] = BotAppTypes.SingleTenant,
        ["UserManagedIdentity"] = BotAppTypes.UserAssignedMsi,
    };

    public static void Bind(IConfiguration configuration, BotCredentialsOptions options)
    {
        configuration.Bind(options);
        var agents = configuration.GetSection(AgentsSection);
        Alias(agents, "ClientId", nameof(BotCredentialsOptions.MicrosoftAppId), options.MicrosoftAppId, v => options.MicrosoftAppId = v, options);
        Alias(agents, "ClientSecret", nameof(BotCredentialsOptions.MicrosoftAppPassword), options.MicrosoftAppPassword, v => options.MicrosoftAppPassword = v, options);
        Alias(agents, "TenantId", nameof(BotCredentialsOptions.MicrosoftAppTenantId), options.MicrosoftAppTenantId, v => options.MicrosoftAppTenantId = v, options);
        Alias(agents, "CertThumbprint", nameof(BotCredentialsOptions.MicrosoftAppCertificateThumbprint), options.MicrosoftAppCertificateThumbprint, v => options.MicrosoftAppCertificateThumbprint = v, options);
        Alias(agents, "CertSubjectName", nameof(BotCredentialsOptions.MicrosoftAppCertificateSubjectName), options.MicrosoftAppCertificateSubjectName, v => options.MicrosoftAppCertificateSubjectName = v, options);
        Alias(agents, "FederatedTokenFile", nameof(BotCredentialsOptions.MicrosoftAppFederatedTokenFile), options.MicrosoftAppFederatedTokenFile, v => options.MicrosoftAppFederatedTokenFile = v, options);

        var authType = agents["AuthType"];
        if (!string.IsNullOrWhiteSpace(authType) && string.IsNullOrWhiteSpace(configuration[nameof(BotCredentialsOptions.MicrosoftAppType)]))
        {
            if (AuthTypes.TryGetValue(authType.Trim(), out var appType))
            {
                // The Agents SDK's multi-tenant bots name the botframework.com authority; everything else is one tenant.
                options.MicrosoftAppType = appType == BotAppTypes.SingleTenant && IsBotFrameworkAuthority(agents["AuthorityEndpoint"])
                    ? BotAppTypes.MultiTenant
                    : appType;
            }
            else
            {
                options.AliasConflicts.Add($"{AgentsSection}:AuthType '{authType}' is not supported here: use ClientSecret, Certificate, CertificateSubjectName, WorkloadIdentity or UserManagedIdentity (docs/configuration.md, \"Bot identity\").");
            }
        }

        if (options.IsAnonymous || options.AppType == BotAppType.UserAssignedMsi || !string.IsNullOrEmpty(options.MicrosoftAppPassword)
            || options.HasCertificate || !string.IsNullOrWhiteSpace(options.MicrosoftAppFederatedTokenFile))
        {
            return;
        }

        // Kubernetes workload identity: the webhook mounts the projected token and names it here.
        options.MicrosoftAppFederatedTokenFile = configuration["AZURE_FEDERATED_TOKEN_FILE"];
    }

    private static void Alias(IConfigurationSection agents, string alias, string setting, string? current, Action<string> set, BotCredentialsOptions options)
    {
        var value = agents[alias];
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(current))
        {
            set(value);
        }
        else if (!string.Equals(current.Trim(), value.Trim(), StringComparison.Ordinal))
        {
            // Neither value is quoted: one of them may be a secret.
            options.AliasConflicts.Add($"{setting} and {AgentsSection}:{alias} are both set, to different values: keep one of them.");
        }
    }

    private static bool IsBotFrameworkAuthority(string? authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri)
        && uri.AbsolutePath.Trim('/').Equals("botframework.com", StringComparison.OrdinalIgnoreCase);
}
