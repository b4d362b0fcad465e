using System.Text;

namespace HelpdeskBot.Probes.Http;

/// <summary>
/// HPACK (RFC 7541) for one HTTP/2 exchange: the request's fields are written as literals without indexing and without
/// Huffman coding (always allowed, §6.2.2), and the response's header block is decoded with the static table, a dynamic
/// table the server may fill (§2.3.2, at most the default 4,096 bytes we advertise), and Huffman-coded strings (§5.2).
/// </summary>
internal sealed class Hpack
{
    /// <summary>SETTINGS_HEADER_TABLE_SIZE we keep to (RFC 9113 §6.5.2 default; we never announce another).</summary>
    public const int TableSize = 4096;

    // RFC 7541 Appendix A.
    private static readonly (string Name, string Value)[] Static =
    [
        (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"), (":path", "/index.html"),
        (":scheme", "http"), (":scheme", "https"), (":status", "200"), (":status", "204"), (":status", "206"),
        (":status", "304"), (":status", "400"), (":status", "404"), (":status", "500"), ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"), ("accept-language", ""), ("accept-ranges", ""), ("accept", ""),
        ("access-control-allow-origin", ""), ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
        ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
        ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""), ("date", ""), ("etag", ""),
        ("expect", ""), ("expires", ""), ("from", ""), ("host", ""), ("if-match", ""), ("if-modified-since", ""),
        ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""), ("last-modified", ""), ("link", ""),
        ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""), ("proxy-authorization", ""), ("range", ""),
        ("referer", ""), ("refresh", ""), ("retry-after", ""), ("server", ""), ("set-cookie", ""),
        ("strict-transport-security", ""), ("transfer-encoding", ""), ("user-agent", ""), ("vary", ""), ("via", ""),
        ("www-authenticate", ""),
    ];

    // RFC 7541 Appendix B: the code length of each symbol 0..255 and EOS (256). The code is canonical (codes of one
    // length are consecutive in symbol order, shorter codes first), so the lengths alone define it; HpackTests checks
    // codes and the Appendix C examples against the RFC.
    private static readonly byte[] CodeLengths =
    [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    ];

    private const int Eos = 256;

    /// <summary>The decoding tree: node i has children Tree[2i] (bit 0) and Tree[2i+1] (bit 1); a leaf is ~symbol.</summary>
    private static readonly int[] Tree = BuildTree();

    private readonly List<(string Name, string Value)> _dynamic = []; // newest first
    private int _dynamicSize;
    private int _maxDynamicSize = TableSize;

    /// <summary>The canonical code of <paramref name="symbol"/> (for the tests against RFC 7541 Appendix B).</summary>
    internal static (uint Code, int Length) Code(int symbol) => Codes()[symbol];

    /// <summary>Appends a literal header field without indexing, new name (RFC 7541 §6.2.2), or with the static name's index.</summary>
    public static void WriteLiteral(List<byte> block, int nameIndex, string name, string value)
    {
        WriteInteger(block, 0x00, 4, nameIndex); // 0000 + 4-bit name index; 0 = the name follows as a literal
        if (nameIndex == 0)
        {
            WriteString(block, name);
        }

        WriteString(block, value);
    }

    /// <summary>Appends an indexed header field (RFC 7541 §6.1) of the static table.</summary>
    public static void WriteIndexed(List<byte> block, int index) => WriteInteger(block, 0x80, 7, index);

    /// <summary>Decodes one complete header block into (name, value) pairs, in order.</summary>
    /// <exception cref="Http2Exception">The block is not valid HPACK (a COMPRESSION_ERROR, RFC 9113 §4.3).</exception>
    public List<(string Name, string Value)> Decode(ReadOnlySpan<byte> block, int maxBytes)
    {
        var fields = new List<(string, string)>();
        var total = 0;
        var position = 0;
        while (position < block.Length)
        {
            var b = block[position];
            (string Name, string Value) field;
            if ((b & 0x80) != 0)
            {
                field = Entry(ReadInteger(block, ref position, 7)); // §6.1 indexed
            }
            else if ((b & 0x40) != 0)
            {
                field = ReadLiteral(block, ref position, 6); // §6.2.1 with incremental indexing
                Add(field);
            }
            else if ((b & 0x20) != 0)
            {
                var size = ReadInteger(block, ref position, 5); // §6.3 dynamic table size update
                if (size > TableSize)
                {
                    throw new Http2Exception(Http2Error.CompressionError, "the server set a header table larger than allowed");
                }

                _maxDynamicSize = size;
                Evict(0);
                continue;
            }
            else
            {
                field = ReadLiteral(block, ref position, 4); // §6.2.2 without indexing, §6.2.3 never indexed
            }

            total += field.Name.Length + field.Value.Length + 32; // RFC 9113 §6.5.2's measure
            if (total > maxBytes)
            {
                throw new Http2Exception(Http2Error.None, "the response headers exceed the size limit", Http2Break.HeadersTooLarge);
            }

            fields.Add(field);
        }

        return fields;
    }

    private (string, string) ReadLiteral(ReadOnlySpan<byte> block, ref int position, int prefix)
    {
        var index = ReadInteger(block, ref position, prefix);
        var name = index == 0 ? ReadString(block, ref position) : Entry(index).Name;
        return (name, ReadString(block, ref position));
    }

    private (string Name, string Value) Entry(int index)
    {
        if (index >= 1 && index <= Static.Length)
        {
            return Static[index - 1];
        }

        var dynamicIndex = index - Static.Length - 1;
        if (index == 0 || dynamicIndex >= _dynamic.Count)
        {
            throw new Http2Exception(Http2Error.CompressionError, $"the server referred to header table entry {index}, which does not exist");
        }

        return _dynamic[dynamicIndex];
    }

    private void Add((string Name, string Value) field)
    {
        var size = field.Name.Length + field.Value.Length + 32; // §4.1, names and values are octets (Latin-1 here)
        Evict(size);
        if (size <= _maxDynamicSize)
        {
            _dynamic.Insert(0, field);
            _dynamicSize += size;
        }
    }

    private void Evict(int room)
    {
        while (_dynamic.Count > 0 && _dynamicSize + room > _maxDynamicSize)
        {
            var (name, value) = _dynamic[^1];
            _dynamicSize -= name.Length + value.Length + 32;
            _dynamic.RemoveAt(_dynamic.Count - 1);
        }
    }

    /// <summary>RFC 7541 §5.1: an N-bit prefix integer; bounded well below int overflow.</summary>
    private static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefix)
    {
        var max = (1 << prefix) - 1;
        var value = block[position++] & max;
        if (value < max)
        {
            return value;
        }

        for (var shift = 0; ; shift += 7)
        {
            if (position >= block.Length || shift > 21)
            {
                throw new Http2Exception(Http2Error.CompressionError, "the server sent a malformed header block");
            }

            var b = block[position++];
            value += (b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }

    private static string ReadString(ReadOnlySpan<byte> block, ref int position)
    {
        if (position >= block.Length)
        {
            throw new Http2Exception(Http2Error.CompressionError, "the server sent a malformed header block");
        }

        var huffman = (block[position] & 0x80) != 0;
        var length = ReadInteger(block, ref position, 7);
        if (length > block.Length - position)
        {
            throw new Http2Exception(Http2Error.CompressionError, "the server sent a malformed header block");
        }

        var bytes = block.Slice(position, length);
        position += length;
        return huffman ? HuffmanDecode(bytes) : Encoding.Latin1.GetString(bytes);
    }

    /// <summary>RFC 7541 §5.2: walks the code tree bit by bit; padding must be at most 7 one-bits (a prefix of EOS).</summary>
    internal static string HuffmanDecode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length * 8 / 5);
        var node = 0;
        var depth = 0;
        var allOnes = true;
        foreach (var b in bytes)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                var one = (b >> bit) & 1;
                var next = Tree[(2 * node) + one];
                allOnes &= one == 1;
                depth++;
                if (next >= 0)
                {
                    node = next;
                    continue;
                }

                if (~next == Eos)
                {
                    throw new Http2Exception(Http2Error.CompressionError, "the server sent EOS inside a Huffman-coded string");
                }

                text.Append((char)~next);
                node = 0;
                depth = 0;
                allOnes = true;
            }
        }

        if (depth > 7 || !allOnes)
        {
            throw new Http2Exception(Http2Error.CompressionError, "the server sent invalid Huffman padding");
        }

        return text.ToString();
    }

    private static void WriteInteger(List<byte> block, byte pattern, int prefix, int value)
    {
        var max = (1 << prefix) - 1;
        if (value < max)
        {
            block.Add((byte)(pattern | value));
            return;
        }

        block.Add((byte)(pattern | max));
        value -= max;
        while (value >= 0x80)
        {
            block.Add((byte)((value & 0x7f) | 0x80));
            value >>= 7;
        }

        block.Add((byte)value);
    }

    private static void WriteString(List<byte> block, string value)
    {
        WriteInteger(block, 0x00, 7, value.Length); // H = 0: raw octets
        foreach (var c in value)
        {
            block.Add((byte)c); // callers pass ASCII only (checked before)
        }
    }

    private static (uint Code, int Length)[] Codes()
    {
        var order = Enumerable.Range(0, CodeLengths.Length).OrderBy(s => CodeLengths[s]).ThenBy(s => s).ToArray();
        var codes = new (uint, int)[CodeLengths.Length];
        uint code = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (i > 0)
            {
                code = (code + 1) << (CodeLengths[order[i]] - CodeLengths[order[i - 1]]);
            }

            codes[order[i]] = (code, CodeLengths[order[i]]);
        }

        return codes;
    }

    private static int[] BuildTree()
    {
        var tree = new List<int> { 0, 0 }; // node 0, children unset (0 = none: the root is never a child)
        var codes = Codes();
        for (var symbol = 0; symbol < codes.Length; symbol++)
        {
            var (code, length) = codes[symbol];
            var node = 0;
            for (var bit = length - 1; bit >= 0; bit--)
            {
                var slot = (2 * node) + (int)((code >> bit) & 1);
                if (bit == 0)
                {
                    tree[slot] = ~symbol;
                    break;
                }

                if (tree[slot] == 0)
                {
                    tree[slot] = tree.Count / 2;
                    tree.Add(0);
                    tree.Add(0);
                }

                node = tree[slot];
            }
        }

        return [.. tree];
    }
}
