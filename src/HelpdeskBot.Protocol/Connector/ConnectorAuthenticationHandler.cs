using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Protocol.Connector;

/// <summary>
/// Adds the bot's bearer token to connector requests, only for trusted service URLs. In anonymous local mode
/// nothing vouches for a service URL, so only loopback ones are contacted; any other is refused here, before a
/// socket is opened (issue 12: metadata addresses, private ranges and public hosts were all contacted).
/// </summary>
internal sealed class ConnectorAuthenticationHandler(IConnectorTokenProvider tokens, ITrustedServiceUrls trusted, ILogger<ConnectorAuthenticationHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = null;
        if (request.RequestUri is { } uri)
        {
            if (tokens is AnonymousConnectorTokenProvider && !(uri.IsAbsoluteUri && uri.IsLoopback))
            {
                var authority = uri.IsAbsoluteUri ? uri.GetLeftPart(UriPartial.Authority) : uri.ToString();
                Log.AnonymousNonLoopbackServiceUrl(logger, authority);
                throw new ConnectorException(
                    HttpStatusCode.Forbidden,
                    "NonLoopbackServiceUrl",
                    $"Anonymous local mode sends only to loopback service URLs; {authority} was not contacted. Set MicrosoftAppId to talk to a real connector.");
            }

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
