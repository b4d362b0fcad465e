using System.Net.Sockets;

namespace HelpdeskBot.Testing;

/// <summary>
/// A loopback server that answers a TLS ClientHello with one fatal alert record and closes, as a server that shares no
/// protocol version with the client does (RFC 8446 §6.2: protocol_version(70); handshake_failure(40) when no cipher
/// suite or group is shared). The record is the real wire form: content type alert(21), legacy version 3,3, length 2,
/// level fatal(2), the description. Counts the ClientHellos it answered.
/// </summary>
public sealed class TlsAlertServer : LoopbackTcpServer
{
    public const byte ProtocolVersion = 70;
    public const byte HandshakeFailure = 40;

    private readonly byte _description;
    private int _hellos;

    public TlsAlertServer(byte description)
    {
        _description = description;
        Start();
    }

    /// <summary>ClientHellos received (a handshake record whose first message is client_hello) and answered.</summary>
    public int ClientHellos => Volatile.Read(ref _hellos);

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var header = new byte[5]; // record header: content type, version, length
                await stream.ReadExactlyAsync(header, Stop.Token);
                var record = new byte[(header[3] << 8) | header[4]];
                await stream.ReadExactlyAsync(record, Stop.Token); // the whole record: nothing unread turns our close into a reset
                if (header[0] != 22 || record.Length == 0 || record[0] != 1)
                {
                    return; // not handshake(22) with client_hello(1) first: no alert for what is not a ClientHello
                }

                Interlocked.Increment(ref _hellos);
                await stream.WriteAsync(new byte[] { 21, 3, 3, 0, 2, 2, _description }, Stop.Token);
                client.Client.Shutdown(SocketShutdown.Send);
                while (await stream.ReadAsync(new byte[512], Stop.Token) > 0)
                {
                    // until the client closes
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }
    }
}
