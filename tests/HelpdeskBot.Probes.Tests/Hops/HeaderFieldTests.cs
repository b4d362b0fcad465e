using HelpdeskBot.Probes.Hops;

namespace HelpdeskBot.Probes.Tests.Hops;

/// <summary>The header grammars the hop reader relies on: Via (RFC 9110 §7.6.3) and RFC 8941 lists (RFC 9209, RFC 9211).</summary>
public sealed class HeaderFieldTests
{
    [Fact]
    public void Via_members_split_outside_comments_keep_protocol_received_by_and_comment()
    {
        var hops = ViaField.Parse("1.0 fred, 1.1 p.example.net:8080 (Apache/2.4, mod_proxy), HTTP/2 edge (CloudFront)");

        Assert.Equal(
            [("1.0", "fred", (string?)null), ("1.1", "p.example.net:8080", "Apache/2.4, mod_proxy"), ("HTTP/2", "edge", "CloudFront")],
            hops.Select(h => (h.Protocol, h.ReceivedBy, h.Comment)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.1")]
    [InlineData(",,,")]
    public void Via_without_received_by_names_no_hop(string field)
    {
        Assert.Empty(ViaField.Parse(field));
    }

    [Fact]
    public void Structured_list_reads_tokens_strings_and_parameters_and_skips_a_malformed_member()
    {
        var members = StructuredList.Parse("ExampleCDN; error=\"x, y\"; details=\"a \\\"quoted\\\" word\", (bad), \"Other Proxy\"; hit; ttl=-12");

        Assert.Equal(["ExampleCDN", "Other Proxy"], members.Select(m => m.Name));
        Assert.Equal("x, y", members[0].Parameters["error"]);
        Assert.Equal("a \"quoted\" word", members[0].Parameters["details"]);
        Assert.Equal(("true", "-12"), (members[1].Parameters["hit"], members[1].Parameters["ttl"]));
    }
}
