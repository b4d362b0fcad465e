using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Probes.Safety;

/// <summary>
/// Decides whether the probes may connect to an address, host and port. The check is made on the resolved
/// address (after DNS), and the connection then goes to exactly that address, so neither DNS rebinding nor a
/// redirect can lead the probe into the internal network.
/// </summary>
/// <remarks>
/// Blocked unless allow-listed (<see cref="AddressRanges"/>): the IANA special-purpose registries (RFC 6890 and its IPv6 counterpart), i.e.
/// loopback, link-local (incl. the cloud metadata service 169.254.169.254), RFC 1918, CGNAT (RFC 6598), ULA
/// (RFC 4193), multicast, unspecified, broadcast, documentation, benchmarking and reserved ranges. IPv6 forms
/// that embed an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4) are judged by the
/// embedded address. <c>Probes:AllowedNetworks</c> allows anything it names; <c>Probes:AllowedHostSuffixes</c>
/// allows only private ranges (never loopback, link-local or metadata) for names under those suffixes.
/// </remarks>
internal sealed class AddressGuard
{
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Ipv4Compatible = IPNetwork.Parse("::/96");

    private readonly IPNetwork[] _allowedNetworks;
    private readonly string[] _allowedSuffixes;
    private readonly HashSet<int> _allowedPorts;

    public AddressGuard(IOptions<ProbesOptions> options)
    {
        var o = options.Value;
        _allowedNetworks = [.. o.AllowedNetworks.Select(c => IPNetwork.Parse(c))];
        _allowedSuffixes = [.. o.AllowedHostSuffixes.Select(s => "." + s.Trim().TrimStart('.').TrimEnd('.').ToLowerInvariant())];
        _allowedPorts = [80, 443, .. o.AllowedPorts];
    }

    /// <summary>Checks a port: 80 and 443 plus <c>Probes:AllowedPorts</c>.</summary>
    public GuardDecision CheckPort(int port) => _allowedPorts.Contains(port)
        ? GuardDecision.Allow
        : GuardDecision.Block($"port {port} is not probed (allowed: {string.Join(", ", _allowedPorts.Order())}; add it to Probes:AllowedPorts)") with
        {
            Facts = [.. _allowedPorts.Order().Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        };

    /// <summary>Checks a resolved address for a host name (the host decides whether suffix allow-listing applies).</summary>
    public GuardDecision CheckAddress(IPAddress address, string? host)
    {
        ArgumentNullException.ThrowIfNull(address);
        var subject = Normalise(address);
        foreach (var network in _allowedNetworks)
        {
            if (network.BaseAddress.AddressFamily == subject.AddressFamily && network.Contains(subject))
            {
                return GuardDecision.Allow;
            }
        }

        var range = AddressRanges.Classify(subject);
        if (range is null)
        {
            return GuardDecision.Allow;
        }

        if (range.Private && host is not null && IsAllowedHost(host))
        {
            return GuardDecision.Allow;
        }

        var shown = subject.Equals(address) ? address.ToString() : $"{address} (= {subject})";
        return GuardDecision.Block($"{shown} is {range.Description}; internal addresses are not probed unless listed in Probes:AllowedNetworks") with
        {
            Facts = [address.ToString(), range.Network.ToString()],
        };
    }

    /// <summary>True when <paramref name="host"/> is under one of <c>Probes:AllowedHostSuffixes</c>.</summary>
    public bool IsAllowedHost(string host)
    {
        var h = "." + host.TrimEnd('.').ToLowerInvariant();
        foreach (var suffix in _allowedSuffixes)
        {
            if (h.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The address the packets would really go to: the IPv4 inside IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms.</summary>
    public static IPAddress Normalise(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address) || (Ipv4Compatible.Contains(address) && !IsZeroOrOne(bytes)))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        if (SixToFour.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }

        var clean = new IPAddress(bytes);
        return clean;
    }

    private static bool IsZeroOrOne(byte[] bytes) => bytes.AsSpan(0, 15).IndexOfAnyExcept((byte)0) < 0 && bytes[15] <= 1;
}

/// <summary>The guard's answer: allowed, or blocked with a plain reason (English, for operators) and its facts.</summary>
public readonly record struct GuardDecision(bool Allowed, string? Reason)
{
    /// <summary>
    /// What a refusal rests on, for readers who word it themselves: the ports allowed (a port refused), or the address
    /// and the range it is in (an address refused).
    /// </summary>
    public IReadOnlyList<string> Facts { get; init; } = [];

    public static GuardDecision Allow => new(true, null);

    public static GuardDecision Block(string reason) => new(false, reason);
}
