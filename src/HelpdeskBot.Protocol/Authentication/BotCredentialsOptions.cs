namespace HelpdeskBot.Protocol.Authentication;

/// <summary>
/// The bot's identity, under the top-level keys every Bot Framework / Teams developer knows (so plain environment
/// variables work too): <c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c>, <c>MicrosoftAppType</c>,
/// <c>MicrosoftAppTenantId</c>, plus certificate and federated-credential settings. The Microsoft 365 Agents SDK's
/// <c>Connections:ServiceConnection:Settings</c> keys are read as aliases (<see cref="BotCredentialsConfiguration"/>).
/// No app id = anonymous local mode (see README).
/// </summary>
public sealed class BotCredentialsOptions
{
    /// <summary>The Entra app (client) id of the bot; the audience of inbound tokens. Empty = anonymous local mode.</summary>
    public string? MicrosoftAppId { get; set; }

    /// <summary>Client secret for outbound tokens (MultiTenant/SingleTenant). Never logged.</summary>
    public string? MicrosoftAppPassword { get; set; }

    /// <summary>
    /// SingleTenant (default: Azure has created only single-tenant and managed-identity bots since 31 July 2025),
    /// MultiTenant (bots registered before that) or UserAssignedMSI.
    /// </summary>
    public string MicrosoftAppType { get; set; } = BotAppTypes.SingleTenant;

    /// <summary>The bot's tenant: required for SingleTenant and UserAssignedMSI.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>Thumbprint of a certificate in the CurrentUser/LocalMachine "My" store, instead of a secret.</summary>
    public string? MicrosoftAppCertificateThumbprint { get; set; }

    /// <summary>
    /// Subject name (CN) of the certificate, for subject name + issuer (SN+I) authentication: the app registration
    /// trusts the subject and issuer, so a renewed certificate needs no change there. Alone it picks the newest valid
    /// certificate with that subject from the "My" store; with a file or <see cref="MicrosoftAppCertificate"/> it is
    /// checked against that certificate. The certificate is always sent with its <c>x5c</c> chain header.
    /// </summary>
    public string? MicrosoftAppCertificateSubjectName { get; set; }

    /// <summary>Path of a PFX/PEM certificate file (with private key), instead of a secret.</summary>
    public string? MicrosoftAppCertificatePath { get; set; }

    /// <summary>Password of the PFX file in <see cref="MicrosoftAppCertificatePath"/>, if any.</summary>
    public string? MicrosoftAppCertificatePassword { get; set; }

    /// <summary>
    /// The certificate itself with its private key: base64 PKCS#12 (PFX) or PEM text. This is how a Key Vault
    /// certificate arrives through <c>KeyVault:Uri</c> (its secret of the same name) or a Key Vault reference.
    /// </summary>
    public string? MicrosoftAppCertificate { get; set; }

    /// <summary>
    /// File holding a federated token (Kubernetes workload identity projects one and names it in
    /// <c>AZURE_FEDERATED_TOKEN_FILE</c>, which is used when no other credential is set). Sent as the MSAL client
    /// assertion and re-read for every token, so a rotated file is picked up without a restart.
    /// </summary>
    public string? MicrosoftAppFederatedTokenFile { get; set; }

    /// <summary>True when no app id is configured.</summary>
    public bool IsAnonymous => string.IsNullOrWhiteSpace(MicrosoftAppId);

    public BotAppType AppType => MicrosoftAppType?.Trim().ToUpperInvariant() switch
    {
        "MULTITENANT" => BotAppType.MultiTenant,
        "USERASSIGNEDMSI" => BotAppType.UserAssignedMsi,
        _ => BotAppType.SingleTenant,
    };

    /// <summary>True when a certificate is configured in any of its forms.</summary>
    public bool HasCertificate =>
        !string.IsNullOrWhiteSpace(MicrosoftAppCertificatePath)
        || !string.IsNullOrWhiteSpace(MicrosoftAppCertificate)
        || !string.IsNullOrWhiteSpace(MicrosoftAppCertificateThumbprint)
        || !string.IsNullOrWhiteSpace(MicrosoftAppCertificateSubjectName);

    /// <summary>Settings given twice with different values (a top-level key and its Agents SDK alias); reported at start-up.</summary>
    internal List<string> AliasConflicts { get; } = [];
}

public enum BotAppType
{
    MultiTenant,
    SingleTenant,
    UserAssignedMsi,
}

public static class BotAppTypes
{
    public const string MultiTenant = "MultiTenant";
    public const string SingleTenant = "SingleTenant";
    public const string UserAssignedMsi = "UserAssignedMSI";
}
