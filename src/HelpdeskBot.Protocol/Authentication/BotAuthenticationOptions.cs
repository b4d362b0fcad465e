using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Protocol.Authentication;

/// <summary>Where inbound token keys come from and how they are checked (section <c>Bot</c>).</summary>
public sealed class BotAuthenticationOptions
{
    public const string Section = "Bot";

    /// <summary>Bot Framework OpenID metadata (public cloud; protocol README §1). Tests point it at a loopback server.</summary>
    [Required]
    [Url]
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Issuer of Bot Framework channel tokens (public cloud).</summary>
    [Required]
    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>
    /// Entra metadata for tenant-issued tokens (SingleTenant / UserAssignedMSI); <c>{tenant}</c> is replaced by
    /// MicrosoftAppTenantId.
    /// </summary>
    [Required]
    public string TenantOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration";

    /// <summary>Keys are re-read this often even without an unknown kid. Bot Framework SDK caches keys 5 days; 24 h is more careful.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "10.00:00:00")]
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Least time between two refreshes forced by unknown kids, so forged kids cannot hammer the metadata endpoint.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan UnknownKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Allowed clock skew for exp/nbf: 5 minutes, as the Bot Framework SDK.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
