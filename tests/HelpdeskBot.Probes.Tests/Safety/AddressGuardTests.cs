using System.Net;
using HelpdeskBot.Probes.Safety;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Probes.Tests.Safety;

/// <summary>Guard decisions only: no socket is opened for any of these addresses.</summary>
public sealed class AddressGuardTests
{
    private static AddressGuard Guard(Action<ProbesOptions>? configure = null)
    {
        var options = new ProbesOptions();
        configure?.Invoke(options);
        return new AddressGuard(Options.Create(options));
    }

    [Theory]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("10.20.30.40", "RFC 1918")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.254", "carrier-grade NAT")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("172.16.0.1", "RFC 1918")]
    [InlineData("172.31.255.255", "RFC 1918")]
    [InlineData("192.168.1.1", "RFC 1918")]
    [InlineData("192.0.0.8", "IETF")]
    [InlineData("192.0.2.1", "documentation")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fc00::1", "unique local")]
    [InlineData("fd12:3456::1", "unique local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "metadata")]
    [InlineData("::ffff:10.0.0.1", "RFC 1918")]
    [InlineData("::127.0.0.1", "loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "metadata")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("2002:7f00:1::", "loopback")]
    [InlineData("2002:c0a8:101::1", "RFC 1918")]
    public void Blocks_internal_and_special_addresses_by_default(string address, string reason)
    {
        var decision = Guard().CheckAddress(IPAddress.Parse(address), "example.com");
        Assert.False(decision.Allowed);
        Assert.Contains(reason, decision.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("1.1.1.1")]
    [InlineData("100.128.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("64:ff9b::5db8:d70e")]
    public void Allows_public_addresses(string address) =>
        Assert.True(Guard().CheckAddress(IPAddress.Parse(address), "example.com").Allowed);

    [Fact]
    public void Allowed_networks_open_exactly_their_range()
    {
        var guard = Guard(o => o.AllowedNetworks = ["10.20.0.0/16", "127.0.0.1/32"]);
        Assert.True(guard.CheckAddress(IPAddress.Parse("10.20.5.5"), null).Allowed);
        Assert.True(guard.CheckAddress(IPAddress.Parse("::ffff:10.20.5.5"), null).Allowed);
        Assert.False(guard.CheckAddress(IPAddress.Parse("10.21.0.1"), null).Allowed);
        Assert.True(guard.CheckAddress(IPAddress.Parse("127.0.0.1"), null).Allowed);
        Assert.False(guard.CheckAddress(IPAddress.Parse("127.0.0.2"), null).Allowed);
    }

    [Fact]
    public void Allowed_host_suffixes_open_private_ranges_but_never_loopback_or_metadata()
    {
        var guard = Guard(o => o.AllowedHostSuffixes = ["intranet.contoso.com"]);
        Assert.True(guard.CheckAddress(IPAddress.Parse("10.1.2.3"), "wiki.intranet.contoso.com").Allowed);
        Assert.True(guard.CheckAddress(IPAddress.Parse("fd00::5"), "wiki.intranet.contoso.com").Allowed);
        Assert.False(guard.CheckAddress(IPAddress.Parse("10.1.2.3"), "wiki.contoso.com").Allowed);
        Assert.False(guard.CheckAddress(IPAddress.Parse("10.1.2.3"), "evilintranet.contoso.com").Allowed);
        Assert.False(guard.CheckAddress(IPAddress.Parse("127.0.0.1"), "wiki.intranet.contoso.com").Allowed);
        Assert.False(guard.CheckAddress(IPAddress.Parse("169.254.169.254"), "wiki.intranet.contoso.com").Allowed);
    }

    [Theory]
    [InlineData(80, true)]
    [InlineData(443, true)]
    [InlineData(22, false)]
    [InlineData(8443, false)]
    [InlineData(6379, false)]
    public void Ports_are_80_and_443_unless_allowed(int port, bool allowed) =>
        Assert.Equal(allowed, Guard().CheckPort(port).Allowed);

    [Fact]
    public void Allowed_ports_extend_the_list() =>
        Assert.True(Guard(o => o.AllowedPorts = [8443]).CheckPort(8443).Allowed);
}
