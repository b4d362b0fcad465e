using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace HelpdeskBot.Testing;

/// <summary>
/// A TLS server on 127.0.0.1 that offers h2 and http/1.1 by ALPN. Over HTTP/1.1 it answers one fixed page; over h2 it
/// reads the client's preface and hands the connection to the test, which writes the frames itself — shapes Kestrel
/// never produces (Huffman-coded fields, CONTINUATION, padding, a connection that breaks after ALPN chose h2).
/// </summary>
public sealed class AlpnTlsServer : LoopbackTcpServer
{
    private readonly SslStreamCertificateContext _context;
    private readonly Func<Stream, CancellationToken, Task> _http2;
    private readonly byte[] _http1Response;
    private int _http1Requests;
    private int _http2Connections;

    public AlpnTlsServer(X509Certificate2 certificate, Func<Stream, CancellationToken, Task> http2, string http1Body = "<title>Wiki</title>")
    {
        _context = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        _http2 = http2;
        _http1Response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {Encoding.UTF8.GetByteCount(http1Body)}\r\nConnection: close\r\n\r\n{http1Body}");
        Start();
    }

    public int Http1Requests => Volatile.Read(ref _http1Requests);

    public int Http2Connections => Volatile.Read(ref _http2Connections);

    /// <summary>One frame: 9-byte header (RFC 9113 §4.1) and the payload.</summary>
    public static byte[] Frame(byte type, byte flags, int stream, params byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        frame[5] = (byte)(stream >> 24);
        frame[6] = (byte)(stream >> 16);
        frame[7] = (byte)(stream >> 8);
        frame[8] = (byte)stream;
        payload.CopyTo(frame, 9);
        return frame;
    }

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = _context,
                        ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                    },
                    Stop.Token);
                if (tls.NegotiatedApplicationProtocol == SslApplicationProtocol.Http2)
                {
                    Interlocked.Increment(ref _http2Connections);
                    await tls.ReadExactlyAsync(new byte[24], Stop.Token); // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
                    await _http2(tls, Stop.Token);
                    return;
                }

                var buffer = new byte[4096];
                var seen = 0;
                while (seen < buffer.Length && buffer.AsSpan(0, seen).IndexOf("\r\n\r\n"u8) < 0)
                {
                    var n = await tls.ReadAsync(buffer.AsMemory(seen), Stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    seen += n;
                }

                Interlocked.Increment(ref _http1Requests);
                await tls.WriteAsync(_http1Response, Stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
            }
        }
    }
}
