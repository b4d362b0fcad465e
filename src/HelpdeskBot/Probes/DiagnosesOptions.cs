using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Probes;

/// <summary>Settings of POST /api/diagnoses, bound to the <c>Diagnoses</c> section.</summary>
internal sealed class DiagnosesOptions
{
    public const string SectionName = "Diagnoses";

    /// <summary>Accepted values of the X-Api-Key header. Secrets: set them through environment or a key vault, never in committed files.</summary>
    public IList<string> ApiKeys { get; set; } = [];

    /// <summary>Entra ID (OpenID Connect) authority, e.g. https://login.microsoftonline.com/{tenant}/v2.0; empty = bearer tokens not accepted.</summary>
    public string? Authority { get; set; }

    /// <summary>Expected audience of bearer tokens (the API's app id URI or client id).</summary>
    public string? Audience { get; set; }

    /// <summary>Requests per minute per caller (API key or token subject); a diagnosis fans out to several probes.</summary>
    [Range(1, 10_000_000)]
    public int PermitsPerMinute { get; set; } = 30;

    /// <summary>Largest attempts value a caller may ask for.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 10;
}
