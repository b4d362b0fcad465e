using System.Net;
using System.Net.Sockets;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Probes.Tests.Fixtures;

/// <summary>A raw TCP listener that counts the connections it accepts and closes them: "did anything connect here?"</summary>
internal sealed class CountingListener : LoopbackTcpServer
{
    private int _connections;

    public CountingListener(IPAddress address, int port = 0)
        : base(address, port)
    {
        Start();
    }

    public int Connections => Volatile.Read(ref _connections);

    protected override Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            Interlocked.Increment(ref _connections);
        }

        return Task.CompletedTask;
    }
}
