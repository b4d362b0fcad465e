using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HelpdeskBot.Testing;

/// <summary>
/// A TCP server on 127.0.0.1 that reads a request head and answers with fixed bytes, then closes: for response shapes
/// Kestrel never sends (close-delimited bodies, 1xx before the answer, bare LF, folded fields, oversized heads).
/// Keeps the request heads it received. With <c>connectTo</c> it is a forward proxy instead: CONNECT opens a tunnel
/// to that loopback port (answering <paramref name="response"/> only when it is not a 2xx).
/// </summary>
public sealed class RawServer : LoopbackTcpServer
{
    private readonly byte[] _response;
    private readonly int? _connectTo;
    private readonly List<string> _requests = [];
    private readonly Lock _lock = new();

    public RawServer(string response, int? connectTo = null)
    {
        _response = Encoding.Latin1.GetBytes(response);
        _connectTo = connectTo;
        Start();
    }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                lock (_lock)
                {
                    _requests.Add(head);
                }

                if (_connectTo is { } port && head.StartsWith("CONNECT ", StringComparison.Ordinal) && _response.AsSpan().IndexOf(" 2"u8) == 8)
                {
                    await stream.WriteAsync(_response, Stop.Token);
                    using var upstream = new TcpClient();
                    await upstream.ConnectAsync(IPAddress.Loopback, port, Stop.Token);
                    var up = upstream.GetStream();
                    await Task.WhenAny(stream.CopyToAsync(up, Stop.Token), up.CopyToAsync(stream, Stop.Token));
                    return;
                }

                await stream.WriteAsync(_response, Stop.Token);
                client.Client.Shutdown(SocketShutdown.Send);
                await Task.Delay(50, Stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var seen = 0;
        while (seen < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(seen), Stop.Token);
            if (n == 0)
            {
                break;
            }

            seen += n;
            var end = buffer.AsSpan(0, seen).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return Encoding.Latin1.GetString(buffer, 0, end);
            }
        }

        return Encoding.Latin1.GetString(buffer, 0, seen);
    }
}
