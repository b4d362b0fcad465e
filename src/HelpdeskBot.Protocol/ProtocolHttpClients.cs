namespace HelpdeskBot.Protocol;

/// <summary>Names of the HttpClients the protocol layer takes from IHttpClientFactory (tests may configure them).</summary>
public static class ProtocolHttpClients
{
    /// <summary>Fetches OpenID metadata and signing keys.</summary>
    public const string OpenIdMetadata = "HelpdeskBot.OpenIdMetadata";

    /// <summary>MSAL's token requests (client credentials / managed identity).</summary>
    public const string TokenEndpoint = "HelpdeskBot.TokenEndpoint";
}
