using Azure;
using Azure.Security.KeyVault.Secrets;

namespace HelpdeskBot.Configuration.KeyVault;

/// <summary>
/// Loads the vault's enabled, unexpired secrets once, at start-up (the process restarts on a rotation: App Service
/// and Kubernetes both restart on a settings change). Later configuration sources (environment, command line) still
/// override a secret, so a local override needs no vault change.
/// </summary>
internal sealed class KeyVaultConfigurationProvider(SecretClient client, TimeProvider time) : ConfigurationProvider
{
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var now = time.GetUtcNow();
        try
        {
            // ConfigurationProvider.Load is synchronous; the SDK's sync API avoids blocking on async.
            foreach (var properties in client.GetPropertiesOfSecrets())
            {
                if (properties.Enabled == false || properties.ExpiresOn <= now || properties.NotBefore > now)
                {
                    continue;
                }

                var secret = client.GetSecret(properties.Name).Value;
                data[ToConfigurationKey(secret.Name)] = secret.Value;
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException or HttpRequestException)
        {
            // The message names the setting and the usual fixes; the SDK's text has no secret values in it.
            throw new Microsoft.Extensions.Options.OptionsValidationException(
                KeyVaultOptions.SectionName,
                typeof(KeyVaultOptions),
                [$"KeyVault:Uri: the secrets of {client.VaultUri} could not be read ({Describe(ex)}). Give the bot's managed identity the 'Key Vault Secrets User' role on the vault (set KeyVault:ManagedIdentityClientId for a user-assigned identity), or clear KeyVault:Uri."]);
        }

        Data = data;
    }

    /// <summary>Key Vault secret names allow only letters, digits and '-': '--' stands for the ':' of a section.</summary>
    public static string ToConfigurationKey(string secretName) => secretName.Replace("--", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);

    private static string Describe(Exception ex) => ex switch
    {
        RequestFailedException r => $"HTTP {r.Status} {r.ErrorCode}",
        Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException => "no managed identity token: " + ex.Message.Split('\n')[0],
        _ => ex.GetType().Name + ": " + ex.Message,
    };
}

internal sealed class KeyVaultConfigurationSource(SecretClient client, TimeProvider time) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new KeyVaultConfigurationProvider(client, time);
}
