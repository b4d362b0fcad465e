namespace HelpdeskBot.Protocol.Authentication;

/// <summary>
/// The bot's identity, under the top-level keys every Bot Framework / Teams developer knows (so plain environment
/// variables work too): <c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c>, <c>MicrosoftAppType</c>,
/// <c>MicrosoftAppTenantId</c>, plus certificate settings. No app id = anonymous local mode (see README).
/// </summary>
public sealed class BotCredentialsOptions
{
    /// <summary>The Entra app (client) id of the bot; the audience of inbound tokens. Empty = anonymous local mode.</summary>
    public string? MicrosoftAppId { get; set; }

    /// <summary>Client secret for outbound tokens (MultiTenant/SingleTenant). Never logged.</summary>
    public string? MicrosoftAppPassword { get; set; }

    /// <summary>MultiTenant (default, as the Bot Framework SDK), SingleTenant or UserAssignedMSI.</summary>
    public string MicrosoftAppType { get; set; } = BotAppTypes.MultiTenant;

    /// <summary>The bot's tenant: required for SingleTenant and UserAssignedMSI.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>Thumbprint of a certificate in the CurrentUser/LocalMachine "My" store, instead of a secret.</summary>
    public string? MicrosoftAppCertificateThumbprint { get; set; }

    /// <summary>Path of a PFX/PEM certificate file (with private key), instead of a secret.</summary>
    public string? MicrosoftAppCertificatePath { get; set; }

    /// <summary>Password of the PFX file in <see cref="MicrosoftAppCertificatePath"/>, if any.</summary>
    public string? MicrosoftAppCertificatePassword { get; set; }

    /// <summary>True when no app id is configured.</summary>
    public bool IsAnonymous => string.IsNullOrWhiteSpace(MicrosoftAppId);

    public BotAppType AppType => MicrosoftAppType?.Trim().ToUpperInvariant() switch
    {
        "SINGLETENANT" => BotAppType.SingleTenant,
        "USERASSIGNEDMSI" => BotAppType.UserAssignedMsi,
        _ => BotAppType.MultiTenant,
    };
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
