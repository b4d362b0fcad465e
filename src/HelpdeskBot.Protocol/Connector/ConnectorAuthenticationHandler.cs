using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Protocol.Connector;

/// <summary>Adds the bot's bearer token to connector requests, only for trusted service URLs.</summary>
internal sealed class ConnectorAuthenticationHandler(IConnectorTokenProvider tokens, ITrustedServiceUrls trusted, ILogger<ConnectorAuthenticationHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = null;
        if (request.RequestUri is { } uri)
        {
            if (trusted.IsTrusted(uri))
            {
                if (await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false) is { } token)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }
            }
            else if (tokens is not AnonymousConnectorTokenProvider)
            {
                Log.UntrustedServiceUrl(logger, uri.GetLeftPart(UriPartial.Authority));
            }
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
