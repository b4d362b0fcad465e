using System.Net;
using System.Net.Sockets;

namespace HelpdeskBot.Testing;

/// <summary>
/// The accept loop shared by the raw TCP fixtures (shapes Kestrel never produces): a listener on a loopback port that
/// hands each accepted connection to <see cref="ServeAsync"/> without waiting for it, until disposed.
/// </summary>
public abstract class LoopbackTcpServer : IDisposable
{
    private readonly TcpListener _listener;

    protected LoopbackTcpServer(IPAddress? address = null, int port = 0)
    {
        _listener = new TcpListener(address ?? IPAddress.Loopback, port);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Cancelled when the server is disposed.</summary>
    protected CancellationTokenSource Stop { get; } = new();

    public void Dispose()
    {
        Stop.Cancel();
        _listener.Stop();
        Stop.Dispose();
    }

    /// <summary>Starts listening; called by the derived constructor once its own fields are set.</summary>
    protected void Start()
    {
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    /// <summary>Serves one connection and disposes it.</summary>
    protected abstract Task ServeAsync(TcpClient client);

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!Stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(Stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
