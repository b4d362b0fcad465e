using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Diagnoses;

/// <summary>Settings of POST /api/diagnoses, bound to the <c>Diagnoses</c> section.</summary>
internal sealed class DiagnosesOptions
{
    public const string SectionName = "Diagnoses";

    // Who may call the API (Diagnoses:ApiKeys, Diagnoses:Authority/Audience before) is the admin scheme's job:
    // Admin:ApiKeys with scope "diagnoses", Admin:Entra. The old settings are read there as deprecated aliases.

    /// <summary>Requests per minute per caller (API key or token subject); a diagnosis fans out to several probes.</summary>
    [Range(1, 10_000_000)]
    public int PermitsPerMinute { get; set; } = 30;

    /// <summary>Largest attempts value a caller may ask for.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 10;
}
