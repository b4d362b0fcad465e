namespace HelpdeskBot.Configuration.KeyVault;

/// <summary>
/// Settings of section <c>KeyVault</c>: read every enabled secret of one vault into configuration at start-up, the
/// secret name's <c>--</c> mapped to <c>:</c> (<c>Admin--ApiKeys--0--Key</c> → <c>Admin:ApiKeys:0:Key</c>), the
/// convention of Azure.Extensions.AspNetCore.Configuration.Secrets and of App Service Key Vault references.
/// </summary>
internal sealed class KeyVaultOptions
{
    public const string SectionName = "KeyVault";

    /// <summary>The vault, e.g. https://kv-helpdeskbot.vault.azure.net/. Empty (the default) = no Key Vault loading.</summary>
    public string? Uri { get; set; }

    /// <summary>
    /// Client id of a user-assigned managed identity (the Bicep template's); empty = the system-assigned identity or
    /// whatever DefaultAzureCredential finds (AZURE_CLIENT_ID, workload identity, Azure CLI on a developer machine).
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }
}
