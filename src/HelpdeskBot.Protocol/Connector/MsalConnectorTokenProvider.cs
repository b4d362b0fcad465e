using HelpdeskBot.Protocol.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace HelpdeskBot.Protocol.Connector;

/// <summary>
/// Connector tokens through MSAL: client credentials with a secret, a certificate (sent with x5c) or a federated
/// token file (MultiTenant → authority tenant <c>botframework.com</c>, SingleTenant → MicrosoftAppTenantId), or a
/// user-assigned managed identity.
/// Cached here until <see cref="ConnectorOptions.TokenRefreshMargin"/> before expiry; MSAL's HTTP goes through
/// the <see cref="ProtocolHttpClients.TokenEndpoint"/> client.
/// </summary>
internal sealed class MsalConnectorTokenProvider : IConnectorTokenProvider, IDisposable
{
    private readonly ConnectorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MsalConnectorTokenProvider> _logger;
    private readonly IConfidentialClientApplication? _confidential;
    private readonly IManagedIdentityApplication? _managed;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CachedToken? _cached;

    public MsalConnectorTokenProvider(IOptions<BotCredentialsOptions> credentials, IOptions<ConnectorOptions> options, IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<MsalConnectorTokenProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        var c = credentials.Value;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var http = new MsalHttpClientFactory(httpClientFactory);
        var appId = c.MicrosoftAppId ?? throw new InvalidOperationException("MicrosoftAppId is required for connector tokens.");
        if (c.AppType == BotAppType.UserAssignedMsi)
        {
            _managed = ManagedIdentityApplicationBuilder.Create(ManagedIdentityId.WithUserAssignedClientId(appId))
                .WithHttpClientFactory(http)
                .Build();
            return;
        }

        var tenant = c.AppType == BotAppType.SingleTenant ? c.MicrosoftAppTenantId! : "botframework.com"; // validated at start-up
        var builder = ConfidentialClientApplicationBuilder.Create(appId)
            .WithAuthority($"{_options.AuthorityHost.TrimEnd('/')}/{tenant}", validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(http);
        if (BotCertificateLoader.Load(c, time.GetUtcNow()) is { } certificate)
        {
            // x5c: Entra needs the certificate itself for subject name + issuer (SN+I) trust; harmless otherwise.
            builder = builder.WithCertificate(certificate, sendX5C: true);
        }
        else if (!string.IsNullOrWhiteSpace(c.MicrosoftAppFederatedTokenFile))
        {
            // Workload identity: the projected token is the client assertion. Read for every token request, since
            // the kubelet rotates the file (hourly) and a cached copy would expire.
            var file = c.MicrosoftAppFederatedTokenFile;
            builder = builder.WithClientAssertion(async (AssertionRequestOptions request) =>
                (await File.ReadAllTextAsync(file, request.CancellationToken).ConfigureAwait(false)).Trim());
        }
        else
        {
            builder = builder.WithClientSecret(c.MicrosoftAppPassword);
        }

        _confidential = builder.Build();
    }

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is not null && _time.GetUtcNow() < cached.RenewAfter)
        {
            return cached.Token;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cached = _cached;
            if (cached is not null && _time.GetUtcNow() < cached.RenewAfter)
            {
                return cached.Token;
            }

            var result = _managed is not null
                ? await _managed.AcquireTokenForManagedIdentity(_options.ManagedIdentityResource).ExecuteAsync(cancellationToken).ConfigureAwait(false)
                // One of the two is set. Force: this class's cache (on the injected clock) decides when to renew; MSAL's
                // own cache would hand back the token being renewed, and keep a rotated assertion unused.
                : await _confidential!.AcquireTokenForClient([_options.Scope]).WithForceRefresh(true).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            var lifetime = result.ExpiresOn - _time.GetUtcNow();
            var margin = lifetime > _options.TokenRefreshMargin * 2 ? _options.TokenRefreshMargin : lifetime / 2;
            _cached = new CachedToken(result.AccessToken, _time.GetUtcNow() + lifetime - margin);
            Log.ConnectorTokenAcquired(_logger, result.ExpiresOn);
            return result.AccessToken;
        }
        catch (MsalException e)
        {
            Log.ConnectorTokenFailed(_logger, e.ErrorCode);
            throw new ConnectorException($"Could not get a Bot Connector token ({e.ErrorCode}).", e);
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private sealed record CachedToken(string Token, DateTimeOffset RenewAfter);

    private sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(ProtocolHttpClients.TokenEndpoint);
    }
}
