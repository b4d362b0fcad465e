using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HelpdeskBot.Testing;

/// <summary>
/// A loopback port that never answers a connection request: its listen backlog is 0, one connection fills the accept
/// queue and is never accepted, and Linux drops every further SYN while the queue is full (tcp_conn_request: "drop" on
/// sk_acceptq_is_full, with net.ipv4.tcp_abort_on_overflow at its default 0). A connect waits as it would behind a
/// firewall that drops packets, without a packet leaving loopback. <see cref="Waiting"/> is released once per connect
/// seen in SYN_SENT towards the port (/proc/net/tcp), so a test moves its fake clock only once the SYN is out.
/// </summary>
public sealed class FullBacklogListener : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Socket _filler = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<int> _seen = [];
    private readonly Task _watch;

    public FullBacklogListener()
    {
        Prerequisite.Check(File.Exists(ProcNetTcp), ProcNetTcp, "the kernel's socket table tells when a SYN waits for an answer");
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(0);
        _filler.Connect(IPAddress.Loopback, Port); // completes: the one place in the queue, never accepted
        _watch = WatchAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Released once for each connection attempt to <see cref="Port"/> that waits in SYN_SENT.</summary>
    public SemaphoreSlim Waiting { get; } = new(0);

    private static string ProcNetTcp => "/proc/net/tcp";

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _watch.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _filler.Dispose();
        _listener.Dispose();
        _stop.Dispose();
        Waiting.Dispose();
    }

    /// <summary>Polls the kernel's table: a condition on the fixture, not a sleep standing in for one.</summary>
    private async Task WatchAsync()
    {
        var port = Port.ToString("X4", CultureInfo.InvariantCulture);
        while (!_stop.IsCancellationRequested)
        {
            // "  sl  local_address rem_address   st …": 0100007F:9C40 0100007F:1F90 02 = 127.0.0.1, SYN_SENT.
            foreach (var line in await File.ReadAllLinesAsync(ProcNetTcp, _stop.Token))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[3] == "02" && fields[2].EndsWith(":" + port, StringComparison.Ordinal)
                    && int.TryParse(fields[1].AsSpan(fields[1].IndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var local)
                    && _seen.Add(local))
                {
                    Waiting.Release();
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, _stop.Token);
        }
    }
}
