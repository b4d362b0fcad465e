using System.Net;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Probes.Tcp;

/// <summary>
/// A connect that is only evidence (<see cref="TcpConnector.ProbeAsync"/>): the Diagnoser's connects to the addresses
/// the HTTP attempts did not need. An interface so a test can make one fail the way nothing on loopback does.
/// </summary>
internal interface IConnectProbe
{
    /// <summary>Connects and closes again; a failed connect is evidence, never an exception (the caller's cancellation throws).</summary>
    Task<TcpEvidence> ProbeAsync(IPAddress address, int port, string? host, TimeSpan timeout, CancellationToken cancellationToken);
}
