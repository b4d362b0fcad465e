namespace HelpdeskBot.Protocol.Connector;

/// <summary>
/// Service URLs the bot may send its token to: ones that arrived in an authenticated activity, or that are
/// explicitly trusted again from conversation references stored from such activities. A forged activity with an
/// attacker's serviceUrl can therefore never make the bot send its token there.
/// </summary>
public interface ITrustedServiceUrls
{
    /// <summary>Marks the service URL (scheme + host + port + path prefix) as trusted.</summary>
    void Trust(string serviceUrl);

    /// <summary>True when a request to <paramref name="requestUri"/> goes to a trusted service URL.</summary>
    bool IsTrusted(Uri requestUri);
}
