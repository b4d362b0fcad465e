using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Protocol.Connector;

/// <summary>Outbound Bot Connector calls and their tokens (section <c>Bot:Connector</c>).</summary>
public sealed class ConnectorOptions
{
    public const string Section = "Bot:Connector";

    /// <summary>Entra instance; the tenant (<c>botframework.com</c> or MicrosoftAppTenantId) is appended (protocol README §2). Tests use a loopback HTTPS fake.</summary>
    [Required]
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com";

    /// <summary>Scope of connector tokens (public cloud).</summary>
    [Required]
    public string Scope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Managed identity resource (UserAssignedMSI).</summary>
    [Required]
    public string ManagedIdentityResource { get; set; } = "https://api.botframework.com";

    /// <summary>Per attempt. Teams' own turn budget is 10–15 s, so one slow attempt must not use it all.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>All attempts together, including Retry-After waits.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt on 5xx/429/412/408 and connection failures (Teams rate-limit guidance: back off with jitter).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>First back-off delay (exponential with jitter); a Retry-After header wins.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Renew a cached token this long before it expires.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);
}
