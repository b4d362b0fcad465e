using System.Buffers;
using System.Globalization;
using System.Text;

namespace HelpdeskBot.Probes.Http;

/// <summary>
/// One HTTP/1.1 exchange (RFC 9112) on a connection the probe opened itself: the request is written in one piece,
/// the status line and header fields are parsed within a byte cap, and the body is read up to a cap whatever its
/// framing (Content-Length, chunked or close-delimited); the rest is never read. Interim 1xx answers are skipped.
/// A probe needs nothing more, and a general-purpose client (pool, handler, request/response objects) costs more
/// CPU per attempt than the exchange itself.
/// </summary>
internal sealed class Http1Exchange : IDisposable
{
    public const string Protocol = "http/1.1";

    private const int InitialBuffer = 4096;
    private const int MaxLineBytes = 8192; // chunk-size lines; RFC 9112 §7.1 sets no limit, servers send a few bytes

    private readonly Stream _stream;
    private readonly TimeProvider _time;
    private readonly int _headerLimit;
    private byte[] _buffer;
    private int _start;
    private int _end;

    public Http1Exchange(Stream stream, TimeProvider time, int headerLimit)
    {
        _stream = stream;
        _time = time;
        _headerLimit = headerLimit;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBuffer, headerLimit));
    }

    /// <summary>Timestamp of the first response byte; 0 until one arrived.</summary>
    public long FirstByte { get; private set; }

    /// <summary>The request line and header fields of a GET, ASCII, in one buffer (one write, one segment on the wire).</summary>
    /// <param name="target">origin-form ("/path?q") or absolute-form ("http://host/path", through a proxy) or authority-form (CONNECT).</param>
    public static byte[] Request(string method, string target, string host, string userAgent)
    {
        // Everything here is either validated configuration or escaped by System.Uri; a control character would let a
        // typed URL add header fields of its own, so refuse it whatever its origin.
        if (HasControl(target) || HasControl(host) || HasControl(userAgent))
        {
            throw new ArgumentException("request line or header field with a control character");
        }

        var text = method == "CONNECT"
            ? $"CONNECT {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {userAgent}\r\n\r\n"
            : $"{method} {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {userAgent}\r\nAccept: text/html,application/xhtml+xml,*/*;q=0.8\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
        return Encoding.Latin1.GetBytes(text);
    }

    /// <summary>A control character in a request field would let a typed URL add fields of its own.</summary>
    public static bool HasControl(string s) => s.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || s.Contains('\u007f', StringComparison.Ordinal);

    /// <summary>Reads the final response head (status line + fields), skipping 1xx interim responses.</summary>
    public async Task<Http1Head> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var head = await ReadOneHeadAsync(cancellationToken).ConfigureAwait(false);
            if (head.Status is >= 100 and < 200 and not 101)
            {
                continue; // 100 Continue, 103 Early Hints: the real answer follows (RFC 9110 §15.2)
            }

            return head;
        }
    }

    /// <summary>Reads at most <paramref name="max"/> body bytes into <paramref name="destination"/>; returns how many.</summary>
    public async Task<int> ReadBodyAsync(Http1Head head, bool isHead, byte[] destination, int max, CancellationToken cancellationToken)
    {
        // RFC 9112 §6.3: no body after HEAD, 1xx, 204 and 304; chunked wins over Content-Length; else length; else until close.
        if (isHead || head.Status is 204 or 304 or < 200)
        {
            return 0;
        }

        if (head.Headers.TryGetValue("Transfer-Encoding", out var coding) && coding.TrimEnd().EndsWith("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadChunkedAsync(destination, max, cancellationToken).ConfigureAwait(false);
        }

        long limit = max;
        if (head.Headers.TryGetValue("Content-Length", out var length) && long.TryParse(length.Split(',')[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var declared))
        {
            limit = Math.Min(declared, max);
        }

        var written = 0;
        while (written < limit)
        {
            if (_start == _end && await FillAsync(int.MaxValue, cancellationToken).ConfigureAwait(false) == 0)
            {
                break;
            }

            written += Take(destination, written, (int)(limit - written));
        }

        return written;
    }

    public void Dispose() => PooledBuffer.Return(ref _buffer);

    private async Task<Http1Head> ReadOneHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var end = HeadEnd(available, out var terminator);
            if (end >= 0)
            {
                var head = Parse(available[..end]);
                _start += end + terminator;
                return head;
            }

            if (_end - _start >= _headerLimit)
            {
                throw new Http1Exception(Http1Failure.HeadersTooLarge, "the response headers exceed the size limit");
            }

            if (await FillAsync(_headerLimit, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw FirstByte == 0
                    ? new Http1Exception(Http1Failure.NoResponse, "the server closed the connection without answering")
                    : new Http1Exception(Http1Failure.Truncated, "the server closed the connection in the middle of the response headers");
            }
        }
    }

    private async Task<int> ReadChunkedAsync(byte[] destination, int max, CancellationToken cancellationToken)
    {
        var written = 0;
        while (written < max)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                break;
            }

            var hex = line.AsSpan();
            var semicolon = hex.IndexOf(';');
            if (semicolon >= 0)
            {
                hex = hex[..semicolon]; // chunk extensions (RFC 9112 §7.1.1) carry nothing a probe needs
            }

            if (!long.TryParse(hex.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size <= 0)
            {
                break; // last chunk, or a malformed size: keep what arrived
            }

            while (size > 0 && written < max)
            {
                if (_start == _end && await FillAsync(int.MaxValue, cancellationToken).ConfigureAwait(false) == 0)
                {
                    return written;
                }

                var n = Take(destination, written, (int)Math.Min(size, max - written));
                written += n;
                size -= n;
            }

            if (size == 0 && await ReadLineAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                break;
            }
        }

        return written;
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.Latin1.GetString(_buffer, _start, newline).TrimEnd('\r');
                _start += newline + 1;
                return line;
            }

            if (_end - _start >= MaxLineBytes || await FillAsync(MaxLineBytes, cancellationToken).ConfigureAwait(false) == 0)
            {
                return null;
            }
        }
    }

    private int Take(byte[] destination, int offset, int most)
    {
        var n = Math.Min(most, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(destination.AsSpan(offset));
        _start += n;
        return n;
    }

    /// <summary>Reads more bytes after the unread ones, making room (compacting, then growing up to <paramref name="maxBuffered"/>).</summary>
    private async ValueTask<int> FillAsync(int maxBuffered, CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (_end == _buffer.Length)
        {
            var unread = _end - _start;
            if (_start > 0)
            {
                _buffer.AsSpan(_start, unread).CopyTo(_buffer);
            }
            else
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Math.Min(maxBuffered, 64 * 1024)));
                _buffer.AsSpan(0, unread).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            _start = 0;
            _end = unread;
        }

        var n = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (n > 0 && FirstByte == 0)
        {
            FirstByte = _time.GetTimestamp();
        }

        _end += n;
        return n;
    }

    /// <returns>Length of the head before its empty line, or -1; <paramref name="terminator"/> = bytes of the empty line.</returns>
    private static int HeadEnd(ReadOnlySpan<byte> data, out int terminator)
    {
        // RFC 9112 §2.2: a recipient may accept a bare LF as line terminator.
        var crlf = data.IndexOf("\r\n\r\n"u8);
        var lf = data.IndexOf("\n\n"u8);
        if (crlf >= 0 && (lf < 0 || crlf < lf))
        {
            terminator = 4;
            return crlf;
        }

        terminator = 2;
        return lf;
    }

    private static Http1Head Parse(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split('\n');
        var status = lines[0].TrimEnd('\r');

        // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4)
        if (status.Length < 12 || !status.StartsWith("HTTP/1.", StringComparison.Ordinal) || status[8] != ' '
            || !int.TryParse(status.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 100
            || (status.Length > 12 && status[12] != ' '))
        {
            throw new Http1Exception(Http1Failure.Invalid, "the server sent something that is not a valid HTTP response");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (last is not null)
                {
                    headers[last] += " " + line.Trim(); // obsolete line folding (RFC 9112 §5.2): replace by a space
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line.AsSpan(0, colon).ContainsAny(' ', '\t'))
            {
                continue; // not a field line: a browser ignores it, so does the probe
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
            last = name;
        }

        return new Http1Head(code, status.Length > 13 ? status[13..].Trim() : string.Empty, headers);
    }
}

/// <summary>A response's status line and header fields (repeated fields joined with ", ", as RFC 9110 §5.3 allows).</summary>
internal sealed record Http1Head(int Status, string Reason, Dictionary<string, string> Headers);

internal enum Http1Failure
{
    NoResponse,
    /// <summary>The connection closed in the middle of the response headers.</summary>
    Truncated,
    Invalid,
    HeadersTooLarge,
}

/// <summary>The bytes on the connection were not an HTTP/1.x answer the probe can use.</summary>
internal sealed class Http1Exception(Http1Failure failure, string message) : IOException(message)
{
    public Http1Failure Failure { get; } = failure;
}
