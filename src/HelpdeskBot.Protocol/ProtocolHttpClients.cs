namespace HelpdeskBot.Protocol;

/// <summary>Names of the HttpClients the protocol layer takes from IHttpClientFactory (tests may configure them).</summary>
public static class ProtocolHttpClients
{
    /// <summary>Fetches OpenID metadata and signing keys.</summary>
    public const string OpenIdMetadata = "HelpdeskBot.OpenIdMetadata";

    /// <summary>MSAL's token requests (client credentials / managed identity).</summary>
    public const string TokenEndpoint = "HelpdeskBot.TokenEndpoint";

    /// <summary>
    /// Connector calls with one attempt each (attempt timeout, no retry loop), for callers that own their retries;
    /// also the service key of that <see cref="Connector.IConnectorClient"/> (<c>[FromKeyedServices]</c>).
    /// </summary>
    public const string ConnectorSingleAttempt = "HelpdeskBot.Connector.SingleAttempt";
}
