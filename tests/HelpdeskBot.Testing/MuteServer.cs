using System.Net.Sockets;

namespace HelpdeskBot.Testing;

/// <summary>
/// A loopback TCP server that accepts every connection, reads what the client sends and never sends a byte: a TLS
/// handshake waits on it for the server's hello. <see cref="Waiting"/> is released once per connection whose first
/// bytes (the ClientHello) arrived, so a test moves its fake clock only once the client waits for the answer.
/// </summary>
public sealed class MuteServer : LoopbackTcpServer
{
    public MuteServer() => Start();

    /// <summary>Released once for each connection that has sent its first bytes and now waits.</summary>
    public SemaphoreSlim Waiting { get; } = new(0);

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                if (await stream.ReadAsync(buffer, Stop.Token) > 0)
                {
                    Waiting.Release();
                }

                while (await stream.ReadAsync(buffer, Stop.Token) > 0)
                {
                    // swallow until the client gives up
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }
    }
}
