using HelpdeskBot.Probes.Http;

namespace HelpdeskBot.Probes.Tests.Http;

/// <summary>The HPACK decoder against RFC 7541's own examples (Appendix B codes, Appendix C header blocks).</summary>
public sealed class HpackTests
{
    [Theory]
    [InlineData(0, 0x1ff8u, 13)]
    [InlineData('0', 0x0u, 5)]
    [InlineData(' ', 0x14u, 6)]
    [InlineData('X', 0xfcu, 8)]
    [InlineData('\\', 0x7fff0u, 19)]
    [InlineData(200, 0x3ffffe2u, 26)]
    [InlineData(255, 0x3ffffeeu, 26)]
    [InlineData(256, 0x3fffffffu, 30)] // EOS
    public void Huffman_codes_are_the_ones_of_RFC_7541_appendix_B(int symbol, uint code, int length)
    {
        Assert.Equal((code, length), Hpack.Code(symbol));
    }

    [Fact]
    public void The_huffman_coded_request_of_appendix_C_4_1_decodes()
    {
        var fields = new Hpack().Decode(Convert.FromHexString("828684418cf1e3c2e5f23a6ba0ab90f4ff"), 4096);

        Assert.Equal([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")], fields);
    }

    [Fact]
    public void The_huffman_coded_responses_of_appendix_C_6_decode_with_the_dynamic_table()
    {
        var hpack = new Hpack();
        var first = hpack.Decode(Convert.FromHexString(
            "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3"), 4096);
        var second = hpack.Decode(Convert.FromHexString("4883640effc1c0bf"), 4096);

        var date = "Mon, 21 Oct 2013 20:13:21 GMT";
        Assert.Equal([(":status", "302"), ("cache-control", "private"), ("date", date), ("location", "https://www.example.com")], first);
        Assert.Equal([(":status", "307"), ("cache-control", "private"), ("date", date), ("location", "https://www.example.com")], second);
    }

    [Theory]
    [InlineData("0083f1e3c2", "padding that is not a prefix of EOS")] // "www" and the first bits of "."
    [InlineData("be", "an index past the tables")]
    [InlineData("3fe21f", "a table size above the 4,096 we allow")]
    [InlineData("0085", "a string longer than the block")]
    public void A_malformed_header_block_is_a_compression_error(string hex, string because)
    {
        var e = Assert.Throws<Http2Exception>(() => new Hpack().Decode(Convert.FromHexString(hex), 4096));

        Assert.True(e.Error == Http2Error.CompressionError, because);
    }

    [Fact]
    public void A_header_list_above_the_limit_is_refused()
    {
        var block = new List<byte>();
        Hpack.WriteLiteral(block, 54, "server", new string('x', 200));

        var e = Assert.Throws<Http2Exception>(() => new Hpack().Decode(block.ToArray(), 100));

        Assert.Contains("size limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Literal_fields_written_for_the_request_read_back()
    {
        var block = new List<byte>();
        Hpack.WriteIndexed(block, 2);
        Hpack.WriteLiteral(block, 4, ":path", "/wiki/" + new string('a', 300)); // a length past the 7-bit prefix
        Hpack.WriteLiteral(block, 0, "x-probe", "1");

        Assert.Equal([(":method", "GET"), (":path", "/wiki/" + new string('a', 300)), ("x-probe", "1")], new Hpack().Decode(block.ToArray(), 4096));
    }
}
