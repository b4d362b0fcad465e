using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace HelpdeskBot.Probes.Http;

/// <summary>
/// One HTTP/2 GET (RFC 9113) on the TLS connection the probe opened itself — the pinned, guard-checked socket whose
/// handshake negotiated "h2" by ALPN — so the guard, the pinning and the connect/TLS timings stay the probe's. Like
/// <see cref="Http1Exchange"/> it does only what one request needs: the preface, our SETTINGS, a connection window and
/// the request's HEADERS go out in one write; frames are then read in the attempt's own flow (no background reader or
/// writer, no pending read left to fail at close), SETTINGS and PING answered, the response head decoded with
/// <see cref="Hpack"/> and the body read up to the cap; the rest is never read.
/// </summary>
/// <remarks>
/// Measured (docs/benchmarks.md, probes): a SocketsHttpHandler per attempt cost about 12 KB and four to five
/// first-chance exceptions per attempt (its connection's pending read failing when the attempt closed the stream),
/// which made a full diagnosis of an h2 site cost half as much CPU again as one over HTTP/1.1.
/// </remarks>
internal sealed class Http2Exchange : IDisposable
{
    public const string Protocol = "h2";

    private const int StreamId = 1;
    private const int FrameHeader = 9;
    private const int MaxFrame = 16384; // SETTINGS_MAX_FRAME_SIZE: the default, which we never raise (§6.5.2)
    private const int DefaultWindow = 65535; // §6.9.2

    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray(); // §3.4

    private readonly Stream _stream;
    private readonly TimeProvider _time;
    private readonly int _headerLimit;
    private readonly Hpack _hpack = new();
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _streamEnded;
    private bool _anyFrame;

    public Http2Exchange(Stream stream, TimeProvider time, int headerLimit)
    {
        _stream = stream;
        _time = time;
        _headerLimit = headerLimit;
        _buffer = ArrayPool<byte>.Shared.Rent(FrameHeader + MaxFrame);
    }

    /// <summary>Timestamp of the response's final HEADERS frame; 0 until it arrived.</summary>
    public long HeadAt { get; private set; }

    /// <summary>Writes the connection preface, SETTINGS, WINDOW_UPDATE and the GET's HEADERS (END_STREAM) in one write.</summary>
    /// <param name="bodyBytes">The most body bytes the probe will read: the flow-control windows we open.</param>
    public async Task SendGetAsync(string authority, string path, string userAgent, int bodyBytes, CancellationToken cancellationToken)
    {
        if (Http1Exchange.HasControl(authority) || Http1Exchange.HasControl(path) || Http1Exchange.HasControl(userAgent))
        {
            throw new ArgumentException("request field with a control character");
        }

        // The server may send bodyBytes without waiting for a WINDOW_UPDATE, on the stream and on the connection.
        var window = Math.Max(DefaultWindow, bodyBytes + MaxFrame);
        var block = new List<byte>(64 + authority.Length + path.Length + userAgent.Length);
        Hpack.WriteIndexed(block, 2); // :method GET
        Hpack.WriteIndexed(block, 7); // :scheme https
        Hpack.WriteLiteral(block, 1, ":authority", authority);
        Hpack.WriteLiteral(block, 4, ":path", path);
        Hpack.WriteLiteral(block, 58, "user-agent", userAgent);
        Hpack.WriteLiteral(block, 19, "accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        Hpack.WriteLiteral(block, 24, "cache-control", "no-cache");
        if (block.Count > MaxFrame)
        {
            throw new ArgumentException("request header block larger than one frame");
        }

        var request = new byte[Preface.Length + FrameHeader + 18 + FrameHeader + 4 + FrameHeader + block.Count];
        var at = 0;
        Preface.CopyTo(request, 0);
        at += Preface.Length;
        at += WriteFrameHeader(request.AsSpan(at), 18, FrameType.Settings, 0, 0);
        at += WriteSetting(request.AsSpan(at), 2, 0); // SETTINGS_ENABLE_PUSH = 0
        at += WriteSetting(request.AsSpan(at), 4, (uint)window); // SETTINGS_INITIAL_WINDOW_SIZE
        at += WriteSetting(request.AsSpan(at), 6, (uint)_headerLimit); // SETTINGS_MAX_HEADER_LIST_SIZE
        at += WriteFrameHeader(request.AsSpan(at), 4, FrameType.WindowUpdate, 0, 0);
        BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(at), (uint)(window - DefaultWindow + 1)); // never 0 (§6.9)
        at += 4;
        at += WriteFrameHeader(request.AsSpan(at), block.Count, FrameType.Headers, (byte)(Flags.EndStream | Flags.EndHeaders), StreamId);
        block.CopyTo(request, at);
        await _stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the final response head (1xx interim heads skipped), answering SETTINGS and PING on the way.</summary>
    public async Task<Http1Head> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await ReadFrameAsync(cancellationToken).ConfigureAwait(false);
            if (frame.Type == FrameType.Data && frame.Stream == StreamId)
            {
                throw new Http2Exception(Http2Error.ProtocolError, "the server sent data before the response headers");
            }

            if (frame.Type != FrameType.Headers || frame.Stream != StreamId)
            {
                await ControlAsync(frame, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var fields = await ReadHeaderBlockAsync(frame, cancellationToken).ConfigureAwait(false);
            var status = 0;
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in fields)
            {
                if (name == ":status")
                {
                    _ = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out status);
                }
                else if (!name.StartsWith(':'))
                {
                    headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
                }
            }

            if (status is < 100 or > 999)
            {
                throw new Http2Exception(Http2Error.ProtocolError, "the server sent a response without a valid :status");
            }

            if (status < 200)
            {
                continue; // 103 Early Hints and other interim heads: the real answer follows (RFC 9110 §15.2)
            }

            HeadAt = _time.GetTimestamp();
            return new Http1Head(status, string.Empty, headers);
        }
    }

    /// <summary>Reads at most <paramref name="max"/> body bytes of the response into <paramref name="destination"/>.</summary>
    public async Task<int> ReadBodyAsync(byte[] destination, int max, CancellationToken cancellationToken)
    {
        var written = 0;
        while (!_streamEnded && written < max)
        {
            var frame = await ReadFrameAsync(cancellationToken).ConfigureAwait(false);
            if (frame.Stream != StreamId || frame.Type is not (FrameType.Data or FrameType.Headers))
            {
                await ControlAsync(frame, cancellationToken).ConfigureAwait(false);
            }
            else if (frame.Type == FrameType.Headers)
            {
                _ = await ReadHeaderBlockAsync(frame, cancellationToken).ConfigureAwait(false); // trailers: decoded for HPACK's state only
            }
            else
            {
                var (offset, length) = Unpad(frame);
                var take = Math.Min(length, max - written);
                Buffer.BlockCopy(_buffer, offset, destination, written, take);
                written += take;
                _streamEnded |= (frame.Flags & Flags.EndStream) != 0;
            }
        }

        return written;
    }

    public void Dispose() => PooledBuffer.Return(ref _buffer);

    /// <summary>Frames outside our stream's HEADERS and DATA: answered, noted or refused (RFC 9113 §6).</summary>
    private async Task ControlAsync(Frame frame, CancellationToken cancellationToken)
    {
        switch (frame.Type)
        {
            case FrameType.Settings when (frame.Flags & Flags.Ack) == 0:
                if (frame.Length % 6 != 0 || frame.Stream != 0)
                {
                    throw new Http2Exception(Http2Error.FrameSizeError, "the server sent a malformed SETTINGS frame");
                }

                // §6.5.3: acknowledge at once. Its values change nothing for one GET that is already sent.
                await WriteAsync(FrameType.Settings, Flags.Ack, 0, [], cancellationToken).ConfigureAwait(false);
                break;
            case FrameType.Ping when (frame.Flags & Flags.Ack) == 0:
                await WriteAsync(FrameType.Ping, Flags.Ack, 0, Payload(frame).ToArray(), cancellationToken).ConfigureAwait(false);
                break;
            case FrameType.RstStream when frame.Stream == StreamId && frame.Length == 4:
                var code = (Http2Error)BinaryPrimitives.ReadUInt32BigEndian(Payload(frame));
                throw new Http2Exception(code, $"the server reset the stream ({Http2Errors.Name(code)})", Http2Break.StreamReset);
            case FrameType.GoAway when frame.Length >= 8:
                var last = BinaryPrimitives.ReadUInt32BigEndian(Payload(frame)) & 0x7fffffff;
                var error = (Http2Error)BinaryPrimitives.ReadUInt32BigEndian(Payload(frame)[4..]);
                if (last < StreamId)
                {
                    throw new Http2Exception(error, $"the server closed the connection without handling the request (GOAWAY {Http2Errors.Name(error)})", Http2Break.GoAway);
                }

                break; // §6.8: our stream was taken in and may still complete
            case FrameType.PushPromise:
                throw new Http2Exception(Http2Error.ProtocolError, "the server pushed although push was disabled");
            case FrameType.Continuation:
                throw new Http2Exception(Http2Error.ProtocolError, "the server sent CONTINUATION outside a header block");
            case FrameType.Data or FrameType.Headers when frame.Stream == 0:
                throw new Http2Exception(Http2Error.ProtocolError, $"the server sent {frame.Type} on stream 0");
            default:
                break; // WINDOW_UPDATE (we send nothing more), PRIORITY, acknowledgements, unknown types (§4.1 says ignore)
        }
    }

    /// <summary>A HEADERS frame and its CONTINUATIONs (§6.2, §6.10), decoded as one block.</summary>
    private async Task<List<(string Name, string Value)>> ReadHeaderBlockAsync(Frame first, CancellationToken cancellationToken)
    {
        var endStream = (first.Flags & Flags.EndStream) != 0;
        var (offset, length) = Unpad(first);
        if ((first.Flags & Flags.Priority) != 0)
        {
            if (length < 5)
            {
                throw new Http2Exception(Http2Error.ProtocolError, "the server sent a malformed HEADERS frame");
            }

            (offset, length) = (offset + 5, length - 5); // stream dependency and weight (§6.2), ignored
        }

        if ((first.Flags & Flags.EndHeaders) != 0)
        {
            _streamEnded |= endStream;
            return _hpack.Decode(_buffer.AsSpan(offset, length), _headerLimit);
        }

        var block = ArrayPool<byte>.Shared.Rent(2 * MaxFrame);
        try
        {
            _buffer.AsSpan(offset, length).CopyTo(block);
            var flags = first.Flags;
            while ((flags & Flags.EndHeaders) == 0)
            {
                var next = await ReadFrameAsync(cancellationToken).ConfigureAwait(false);
                if (next.Type != FrameType.Continuation || next.Stream != StreamId)
                {
                    throw new Http2Exception(Http2Error.ProtocolError, "the server interrupted a header block");
                }

                if (length + next.Length > _headerLimit)
                {
                    throw new Http2Exception(Http2Error.None, "the response headers exceed the size limit", Http2Break.HeadersTooLarge);
                }

                if (length + next.Length > block.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(2 * (length + next.Length));
                    block.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(block);
                    block = larger;
                }

                _buffer.AsSpan(next.Offset, next.Length).CopyTo(block.AsSpan(length));
                length += next.Length;
                flags = next.Flags;
            }

            _streamEnded |= endStream;
            return _hpack.Decode(block.AsSpan(0, length), _headerLimit);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>Reads one whole frame into the buffer; its payload stays valid until the next read.</summary>
    private async Task<Frame> ReadFrameAsync(CancellationToken cancellationToken)
    {
        await FillAsync(FrameHeader, cancellationToken).ConfigureAwait(false);
        var header = _buffer.AsSpan(_start, FrameHeader);
        var length = (header[0] << 16) | (header[1] << 8) | header[2];
        if (length > MaxFrame)
        {
            throw new Http2Exception(Http2Error.FrameSizeError, $"the server sent a {length}-byte frame, larger than allowed");
        }

        var frame = new Frame((FrameType)header[3], header[4], (int)(BinaryPrimitives.ReadUInt32BigEndian(header[5..]) & 0x7fffffff), length, _start + FrameHeader);
        await FillAsync(FrameHeader + length, cancellationToken).ConfigureAwait(false);
        _start += FrameHeader + length;
        return frame;
    }

    /// <summary>Makes at least <paramref name="count"/> unread bytes available from <c>_start</c>.</summary>
    private async Task FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        while (_end < count)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw _anyFrame
                    ? new Http2Exception(Http2Error.None, "the server closed the connection before the response was complete", Http2Break.ClosedMidResponse)
                    : new Http2Exception(Http2Error.None, "the server closed the connection without answering", Http2Break.ClosedWithoutAnswer);
            }

            _anyFrame = true;
            _end += read;
        }
    }

    private Span<byte> Payload(Frame frame) => _buffer.AsSpan(frame.Offset, frame.Length);

    /// <summary>Where the payload is without its padding (§6.1 PADDED).</summary>
    private (int Offset, int Length) Unpad(Frame frame)
    {
        if ((frame.Flags & Flags.Padded) == 0)
        {
            return (frame.Offset, frame.Length);
        }

        var padding = frame.Length == 0 ? int.MaxValue : _buffer[frame.Offset];
        if (padding >= frame.Length)
        {
            throw new Http2Exception(Http2Error.ProtocolError, "the server sent a frame with more padding than payload");
        }

        return (frame.Offset + 1, frame.Length - 1 - padding);
    }

    private Task WriteAsync(FrameType type, byte flags, int stream, byte[] payload, CancellationToken cancellationToken)
    {
        var frame = new byte[FrameHeader + payload.Length];
        WriteFrameHeader(frame, payload.Length, type, flags, stream);
        payload.CopyTo(frame, FrameHeader);
        return _stream.WriteAsync(frame, cancellationToken).AsTask();
    }

    private static int WriteFrameHeader(Span<byte> destination, int length, FrameType type, byte flags, int stream)
    {
        destination[0] = (byte)(length >> 16);
        destination[1] = (byte)(length >> 8);
        destination[2] = (byte)length;
        destination[3] = (byte)type;
        destination[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination[5..], (uint)stream);
        return FrameHeader;
    }

    private static int WriteSetting(Span<byte> destination, ushort id, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], value);
        return 6;
    }

    private readonly record struct Frame(FrameType Type, byte Flags, int Stream, int Length, int Offset);

    /// <summary>RFC 9113 §6 frame types.</summary>
    private enum FrameType : byte
    {
        Data = 0,
        Headers = 1,
        Priority = 2,
        RstStream = 3,
        Settings = 4,
        PushPromise = 5,
        Ping = 6,
        GoAway = 7,
        WindowUpdate = 8,
        Continuation = 9,
    }

    /// <summary>RFC 9113 §6 frame flags (ACK shares END_STREAM's bit on SETTINGS and PING).</summary>
    private static class Flags
    {
        public const byte EndStream = 0x1;
        public const byte Ack = 0x1;
        public const byte EndHeaders = 0x4;
        public const byte Padded = 0x8;
        public const byte Priority = 0x20;
    }
}

/// <summary>RFC 9113 §7 error codes.</summary>
internal enum Http2Error : uint
{
    None = 0x0,
    ProtocolError = 0x1,
    InternalError = 0x2,
    FlowControlError = 0x3,
    SettingsTimeout = 0x4,
    StreamClosed = 0x5,
    FrameSizeError = 0x6,
    RefusedStream = 0x7,
    Cancel = 0x8,
    CompressionError = 0x9,
    ConnectError = 0xa,
    EnhanceYourCalm = 0xb,
    InadequateSecurity = 0xc,
    Http11Required = 0xd,
}

internal static class Http2Errors
{
    /// <summary>The code's name as RFC 9113 §7 writes it (what an operator searches for).</summary>
    public static string Name(Http2Error code) => code switch
    {
        Http2Error.None => "NO_ERROR",
        Http2Error.ProtocolError => "PROTOCOL_ERROR",
        Http2Error.InternalError => "INTERNAL_ERROR",
        Http2Error.FlowControlError => "FLOW_CONTROL_ERROR",
        Http2Error.SettingsTimeout => "SETTINGS_TIMEOUT",
        Http2Error.StreamClosed => "STREAM_CLOSED",
        Http2Error.FrameSizeError => "FRAME_SIZE_ERROR",
        Http2Error.RefusedStream => "REFUSED_STREAM",
        Http2Error.Cancel => "CANCEL",
        Http2Error.CompressionError => "COMPRESSION_ERROR",
        Http2Error.ConnectError => "CONNECT_ERROR",
        Http2Error.EnhanceYourCalm => "ENHANCE_YOUR_CALM",
        Http2Error.InadequateSecurity => "INADEQUATE_SECURITY",
        Http2Error.Http11Required => "HTTP_1_1_REQUIRED",
        _ => $"error 0x{(uint)code:x}",
    };
}

/// <summary>The HTTP/2 exchange broke at the protocol level: a reset stream, GOAWAY, a malformed frame or header block.</summary>
internal sealed class Http2Exception(Http2Error error, string message, Http2Break kind = Http2Break.Protocol) : IOException(message)
{
    public Http2Error Error { get; } = error;

    /// <summary>How the exchange broke, for the attempt's <see cref="Diagnosis.ProbeFailure"/>.</summary>
    public Http2Break Kind { get; } = kind;
}

/// <summary>How an HTTP/2 exchange broke.</summary>
internal enum Http2Break
{
    /// <summary>The server broke the protocol (a malformed or unexpected frame).</summary>
    Protocol,
    StreamReset,
    GoAway,
    ClosedWithoutAnswer,
    ClosedMidResponse,
    HeadersTooLarge,
}
