using System.Net;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Probes.Targets;

/// <summary>A parsed, normalised target: absolute http(s) URL, punycode host, explicit port.</summary>
/// <param name="Input">What the user typed.</param>
/// <param name="Uri">The URL probed.</param>
/// <param name="Host">Punycode host name, or the IP literal without brackets.</param>
/// <param name="Address">The address when the host is an IP literal (IPv4-mapped IPv6 already mapped to IPv4).</param>
/// <param name="Notes">Normalisations worth telling (e.g. an IPv4 written in hex), as "target.normalised" findings.</param>
public sealed record ProbeTarget(string Input, Uri Uri, string Host, int Port, IPAddress? Address, IReadOnlyList<Finding> Notes)
{
    public bool IsHttps => Uri.Scheme == System.Uri.UriSchemeHttps;

    public bool IsIpLiteral => Address is not null;
}
