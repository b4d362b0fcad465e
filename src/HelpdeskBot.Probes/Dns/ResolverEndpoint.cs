using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace HelpdeskBot.Probes.Dns;

/// <summary>A resolver given as "ip", "ip:port" or "[v6]:port"; port 53 by default.</summary>
internal sealed record ResolverEndpoint(IPAddress Address, int Port)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out ResolverEndpoint? endpoint)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (IPAddress.TryParse(text, out var bare))
        {
            endpoint = new ResolverEndpoint(bare, 53);
            return true;
        }

        if (IPEndPoint.TryParse(text, out var withPort) && withPort.Port > 0)
        {
            endpoint = new ResolverEndpoint(withPort.Address, withPort.Port);
            return true;
        }

        return false;
    }

    public override string ToString() => Port == 53 ? Address.ToString() : new IPEndPoint(Address, Port).ToString();
}
