using System.Net;
using System.Net.Sockets;

namespace HelpdeskBot.Tests.EndToEnd;

internal static class FreePort
{
    /// <summary>A loopback TCP port free right now (bound to port 0, then released).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
