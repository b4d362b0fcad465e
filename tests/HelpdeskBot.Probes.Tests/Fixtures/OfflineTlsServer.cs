using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Probes.Tests.Fixtures;

/// <summary>
/// A TLS server on 127.0.0.1 that answers every request with one fixed page. Unlike Kestrel it builds its certificate
/// context offline, so a test about what the CLIENT fetches (AIA, OCSP) is not disturbed by the server's own fetches.
/// </summary>
internal sealed class OfflineTlsServer : LoopbackTcpServer
{
    private readonly SslStreamCertificateContext _context;
    private readonly byte[] _response;

    public OfflineTlsServer(X509Certificate2 certificate, string body)
    {
        _context = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        _response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");
        Start();
    }

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _context }, Stop.Token);
                var buffer = new byte[4096];
                var seen = 0;
                while (seen < buffer.Length)
                {
                    var n = await tls.ReadAsync(buffer.AsMemory(seen), Stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    seen += n;
                    if (buffer.AsSpan(0, seen).IndexOf("\r\n\r\n"u8) >= 0)
                    {
                        break;
                    }
                }

                await tls.WriteAsync(_response, Stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
            }
        }
    }
}
