using System.Net;
using System.Net.Sockets;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Safety;

namespace HelpdeskBot.Probes.Tcp;

/// <summary>
/// The only place the probes open TCP connections. It checks the guard once more right before the SYN
/// (defence in depth: callers already checked), times the connect and classifies failures.
/// </summary>
internal sealed class TcpConnector : IConnectProbe
{
    private readonly AddressGuard _guard;
    private readonly TimeProvider _time;

    public TcpConnector(AddressGuard guard, TimeProvider time)
    {
        _guard = guard;
        _time = time;
    }

    /// <summary>Connects, or returns the failure as evidence. The socket is the caller's on success.</summary>
    public async Task<(Socket? Socket, TcpEvidence Evidence)> ConnectAsync(IPAddress address, int port, string? host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var decision = _guard.CheckAddress(address, host);
        if (!decision.Allowed)
        {
            return (null, new TcpEvidence(address.ToString(), port, TcpOutcome.Blocked, TimeSpan.Zero, decision.Reason)
            {
                Failure = new(FailureKind.ConnectBlocked) { Detail = decision.Facts.Count > 1 ? decision.Facts[1] : null }, // Facts: the address, the range's CIDR
            });
        }

        Socket? socket = null;
        var started = _time.GetTimestamp();
        using var deadline = new Deadline(timeout, _time, cancellationToken);
        try
        {
            // Inside the try: a machine without IPv6 refuses the socket itself (AddressFamilyNotSupported), an
            // address's failure like any other.
            socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(address, port), deadline.Token).ConfigureAwait(false);
            return (socket, new TcpEvidence(address.ToString(), port, TcpOutcome.Connected, _time.GetElapsedTime(started), null));
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            // Its own limit only: the caller's cancellation, or the attempt's deadline running out first, goes on up, so
            // the caller tells a cancellation from a timeout and the attempt names its own limit (TimeoutConnecting).
            socket?.Dispose();
            return (null, TimedOut(address, port, _time.GetElapsedTime(started), timeout));
        }
        catch (OperationCanceledException)
        {
            socket?.Dispose();
            throw;
        }
        catch (SocketException e)
        {
            socket?.Dispose();
            var (code, text, failure) = e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => (TcpOutcome.Refused, "the connection was refused: nothing listens on that port", new ProbeFailure(FailureKind.ConnectRefused)),
                SocketError.TimedOut => (TcpOutcome.Timeout, "the connection attempt timed out", new ProbeFailure(FailureKind.ConnectTimeout)),
                SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown => (TcpOutcome.Unreachable, "no route to the host", new ProbeFailure(FailureKind.ConnectUnreachable)),
                _ => (TcpOutcome.Error, e.Message, new ProbeFailure(FailureKind.ConnectFailed) { Detail = e.SocketErrorCode.ToString() }),
            };
            return (null, new TcpEvidence(address.ToString(), port, code, _time.GetElapsedTime(started), text) { Failure = failure });
        }
    }

    /// <summary>A connect that got no answer within <paramref name="timeout"/>, its limit.</summary>
    public static TcpEvidence TimedOut(IPAddress address, int port, TimeSpan elapsed, TimeSpan timeout) =>
        new(address.ToString(), port, TcpOutcome.Timeout, elapsed, $"no answer to the connection request within {timeout.TotalSeconds:0.##} s")
        {
            Failure = new(FailureKind.ConnectTimeout) { Seconds = timeout.TotalSeconds },
        };

    /// <summary>Connects and closes again: reachability evidence for addresses the HTTP attempts did not use.</summary>
    public async Task<TcpEvidence> ProbeAsync(IPAddress address, int port, string? host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (socket, evidence) = await ConnectAsync(address, port, host, timeout, cancellationToken).ConfigureAwait(false);
        socket?.Dispose();
        return evidence;
    }
}
