using System.Net;

namespace HelpdeskBot.Probes.Safety;

/// <summary>What kind of range an internal address is in: the name a refusal gives beside the range's CIDR.</summary>
public enum AddressRangeKind
{
    /// <summary>0.0.0.0/8, ::.</summary>
    Unspecified,
    /// <summary>RFC 1918, IPv6 unique local (ULA), deprecated site-local, local-use NAT64.</summary>
    Private,
    /// <summary>RFC 6598, 100.64.0.0/10.</summary>
    CarrierGradeNat,
    /// <summary>127.0.0.0/8, ::1: the bot's own machine.</summary>
    Loopback,
    /// <summary>169.254.169.254: the cloud metadata service.</summary>
    CloudMetadata,
    /// <summary>169.254.0.0/16, fe80::/10.</summary>
    LinkLocal,
    /// <summary>TEST-NET-1/2/3, 2001:db8::/32.</summary>
    Documentation,
    /// <summary>198.18.0.0/15.</summary>
    Benchmarking,
    /// <summary>224.0.0.0/4, ff00::/8.</summary>
    Multicast,
    /// <summary>255.255.255.255.</summary>
    Broadcast,
    /// <summary>IETF protocol assignments, the 6to4 relay, the IPv6 discard range, Teredo, 240.0.0.0/4.</summary>
    SpecialPurpose,
}

/// <summary>
/// The internal ranges the probes refuse (the IANA special-purpose registries, RFC 6890 and its IPv6 counterpart), each
/// with its kind and an English description for operators; <see cref="AddressGuard"/> decides with them.
/// </summary>
public static class AddressRanges
{
    internal static readonly AddressRange[] All =
    [
        new("0.0.0.0/8", AddressRangeKind.Unspecified, "the unspecified 'this network' range (0.0.0.0/8)", Private: false),
        new("10.0.0.0/8", AddressRangeKind.Private, "a private network (RFC 1918, 10.0.0.0/8)", Private: true),
        new("100.64.0.0/10", AddressRangeKind.CarrierGradeNat, "carrier-grade NAT space (RFC 6598, 100.64.0.0/10)", Private: true),
        new("127.0.0.0/8", AddressRangeKind.Loopback, "loopback (127.0.0.0/8): the bot's own machine", Private: false),
        new("169.254.169.254/32", AddressRangeKind.CloudMetadata, "the cloud metadata service (169.254.169.254)", Private: false),
        new("169.254.0.0/16", AddressRangeKind.LinkLocal, "link-local (169.254.0.0/16)", Private: false),
        new("172.16.0.0/12", AddressRangeKind.Private, "a private network (RFC 1918, 172.16.0.0/12)", Private: true),
        new("192.0.0.0/24", AddressRangeKind.SpecialPurpose, "IETF protocol assignments (192.0.0.0/24)", Private: false),
        new("192.0.2.0/24", AddressRangeKind.Documentation, "documentation space (TEST-NET-1)", Private: false),
        new("192.88.99.0/24", AddressRangeKind.SpecialPurpose, "the deprecated 6to4 relay range (192.88.99.0/24)", Private: false),
        new("192.168.0.0/16", AddressRangeKind.Private, "a private network (RFC 1918, 192.168.0.0/16)", Private: true),
        new("198.18.0.0/15", AddressRangeKind.Benchmarking, "benchmarking space (198.18.0.0/15)", Private: false),
        new("198.51.100.0/24", AddressRangeKind.Documentation, "documentation space (TEST-NET-2)", Private: false),
        new("203.0.113.0/24", AddressRangeKind.Documentation, "documentation space (TEST-NET-3)", Private: false),
        new("224.0.0.0/4", AddressRangeKind.Multicast, "multicast (224.0.0.0/4)", Private: false),
        new("255.255.255.255/32", AddressRangeKind.Broadcast, "the broadcast address", Private: false),
        new("240.0.0.0/4", AddressRangeKind.SpecialPurpose, "reserved space (240.0.0.0/4)", Private: false),
        new("::/128", AddressRangeKind.Unspecified, "the unspecified address (::)", Private: false),
        new("::1/128", AddressRangeKind.Loopback, "loopback (::1): the bot's own machine", Private: false),
        new("100::/64", AddressRangeKind.SpecialPurpose, "the IPv6 discard range (100::/64)", Private: false),
        new("2001::/32", AddressRangeKind.SpecialPurpose, "Teredo tunnelling (2001::/32)", Private: false),
        new("2001:db8::/32", AddressRangeKind.Documentation, "IPv6 documentation space (2001:db8::/32)", Private: false),
        new("64:ff9b:1::/48", AddressRangeKind.Private, "local-use NAT64 (64:ff9b:1::/48)", Private: true),
        new("fc00::/7", AddressRangeKind.Private, "an IPv6 unique local network (ULA, fc00::/7)", Private: true),
        new("fe80::/10", AddressRangeKind.LinkLocal, "IPv6 link-local (fe80::/10)", Private: false),
        new("fec0::/10", AddressRangeKind.Private, "deprecated IPv6 site-local (fec0::/10)", Private: true),
        new("ff00::/8", AddressRangeKind.Multicast, "IPv6 multicast (ff00::/8)", Private: false),
    ];

    /// <summary>
    /// The kind of the range a refusal names by its CIDR ("10.0.0.0/8" → <see cref="AddressRangeKind.Private"/>); null
    /// for a CIDR that is none of them. Findings keep the CIDR, so a refusal stored before names had kinds is named too.
    /// </summary>
    public static AddressRangeKind? KindOf(string? cidr) =>
        cidr is not null && IPNetwork.TryParse(cidr, out var network) ? All.FirstOrDefault(r => r.Network == network)?.Kind : null;

    /// <summary>The first range <paramref name="address"/> is in (the metadata address before link-local), or null.</summary>
    internal static AddressRange? Classify(IPAddress address)
    {
        foreach (var range in All)
        {
            if (range.Network.BaseAddress.AddressFamily == address.AddressFamily && range.Network.Contains(address))
            {
                return range;
            }
        }

        return null;
    }
}

/// <param name="Private">A private range: <c>Probes:AllowedHostSuffixes</c> may allow names that resolve into it.</param>
internal sealed record AddressRange(IPNetwork Network, AddressRangeKind Kind, string Description, bool Private)
{
    public AddressRange(string cidr, AddressRangeKind kind, string description, bool Private)
        : this(IPNetwork.Parse(cidr), kind, description, Private)
    {
    }
}
