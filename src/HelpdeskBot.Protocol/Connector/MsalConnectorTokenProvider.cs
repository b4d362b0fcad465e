using System.Security.Cryptography.X509Certificates;
using HelpdeskBot.Protocol.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace HelpdeskBot.Protocol.Connector;

/// <summary>
/// Connector tokens through MSAL: client credentials with a secret or a certificate (MultiTenant → authority
/// tenant <c>botframework.com</c>, SingleTenant → MicrosoftAppTenantId), or a user-assigned managed identity.
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
        builder = LoadCertificate(c) is { } certificate
            ? builder.WithCertificate(certificate, sendX5C: true)
            : builder.WithClientSecret(c.MicrosoftAppPassword);
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
                : await _confidential!.AcquireTokenForClient([_options.Scope]).ExecuteAsync(cancellationToken).ConfigureAwait(false); // one of the two is set
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

    private static X509Certificate2? LoadCertificate(BotCredentialsOptions c)
    {
        if (!string.IsNullOrWhiteSpace(c.MicrosoftAppCertificatePath))
        {
            return c.MicrosoftAppCertificatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(c.MicrosoftAppCertificatePath)
                : X509CertificateLoader.LoadPkcs12FromFile(c.MicrosoftAppCertificatePath, c.MicrosoftAppCertificatePassword);
        }

        if (string.IsNullOrWhiteSpace(c.MicrosoftAppCertificateThumbprint))
        {
            return null;
        }

        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            store.Open(OpenFlags.ReadOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, c.MicrosoftAppCertificateThumbprint.Trim(), validOnly: false);
            if (found.Count > 0)
            {
                return found[0];
            }
        }

        throw new InvalidOperationException("The certificate named by MicrosoftAppCertificateThumbprint is not in the CurrentUser or LocalMachine 'My' store.");
    }

    private sealed record CachedToken(string Token, DateTimeOffset RenewAfter);

    private sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(ProtocolHttpClients.TokenEndpoint);
    }
}
