using System.Text.RegularExpressions;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Probes.Fingerprints;

/// <summary>One catalogue entry with its rules compiled; all rules given must match.</summary>
/// <param name="Fault">What the hop's error says about the fault: upstream (the hop could not get an answer from
/// behind it), self (the hop itself failed), origin (the application itself answered the error), none (identification only).</param>
public sealed record FingerprintEntry(
    string Id,
    string Product,
    HopRole Role,
    HopFault Fault,
    string Meaning,
    IReadOnlySet<int>? Status,
    IReadOnlyList<(string Header, Regex Pattern)> Headers,
    Regex? Body,
    Regex? Title,
    FingerprintExample? Example);

/// <summary>A real response of that hop (status, headers, body), kept with the entry for documentation and tests.</summary>
public sealed record FingerprintExample(int Status, IReadOnlyDictionary<string, string> Headers, string Body);
