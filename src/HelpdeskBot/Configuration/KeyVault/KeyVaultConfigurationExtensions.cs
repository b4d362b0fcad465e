using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;

namespace HelpdeskBot.Configuration.KeyVault;

internal static class KeyVaultConfigurationExtensions
{
    /// <summary>
    /// When <c>KeyVault:Uri</c> is set, adds the vault's secrets to configuration, authenticating with the managed
    /// identity (DefaultAzureCredential). Runs first in <c>AddHelpdeskBot</c> so every area sees the secrets.
    /// The vault source is inserted before the environment and command-line sources, so those still override it.
    /// Added once: a second call (a host that already loaded the vault) does nothing.
    /// </summary>
    /// <param name="credential">Tests pass their own; production uses DefaultAzureCredential.</param>
    /// <param name="clientOptions">Tests pass a transport trusting their loopback vault's certificate.</param>
    public static WebApplicationBuilder AddHelpdeskBotKeyVault(this WebApplicationBuilder builder, TokenCredential? credential = null, SecretClientOptions? clientOptions = null)
    {
        var settings = builder.Configuration.GetSection(KeyVaultOptions.SectionName).Get<KeyVaultOptions>() ?? new KeyVaultOptions();
        if (string.IsNullOrWhiteSpace(settings.Uri) || builder.Configuration.Sources.OfType<KeyVaultConfigurationSource>().Any())
        {
            return builder;
        }

        if (!Uri.TryCreate(settings.Uri, UriKind.Absolute, out var vault) || vault.Scheme != Uri.UriSchemeHttps)
        {
            // Reported with every other setting to fix when the host starts, not thrown here alone.
            var failure = $"KeyVault:Uri must be the vault's https URL, such as https://kv-helpdeskbot.vault.azure.net/ (got {settings.Uri}).";
            builder.Services.AddOptions<KeyVaultOptions>().Validate(_ => false, failure).ValidateOnStart();
            return builder;
        }

        credential ??= new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = settings.ManagedIdentityClientId });
        var client = new SecretClient(vault, credential, clientOptions ?? new SecretClientOptions());
        AddKeyVault(builder.Configuration, new KeyVaultConfigurationSource(client, TimeProvider.System));
        return builder;
    }

    /// <summary>Before the environment-variable and command-line sources, after the JSON files.</summary>
    private static void AddKeyVault(ConfigurationManager configuration, IConfigurationSource source)
    {
        var sources = configuration.Sources;
        var index = sources.Count;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource
                or Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationSource)
            {
                index = i;
                break;
            }
        }

        sources.Insert(index, source);
    }
}
