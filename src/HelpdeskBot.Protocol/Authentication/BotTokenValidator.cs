using System.Security.Claims;
using HelpdeskBot.Protocol.Activities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace HelpdeskBot.Protocol.Authentication;

/// <summary>
/// Channel → bot authentication per the Bot Framework spec (protocol README §1): Bearer JWT signed RS256/384/512
/// by a key from the OpenID metadata (fetched lazily, cached, refreshed on an unknown kid), issuer
/// <c>https://api.botframework.com</c> (plus the tenant's Entra issuers for SingleTenant / UserAssignedMSI),
/// audience = MicrosoftAppId, 5 minutes clock skew; then, once the activity is read, the <c>serviceurl</c> claim
/// must equal its serviceUrl and the key must be endorsed for its channel.
/// </summary>
public sealed class BotTokenValidator
{
    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly BotCredentialsOptions _credentials;
    private readonly BotAuthenticationOptions _options;
    private readonly TimeProvider _time;
    private readonly KeySource _channel;
    private readonly KeySource? _tenant;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public BotTokenValidator(
        IOptions<BotCredentialsOptions> credentials,
        IOptions<BotAuthenticationOptions> options,
        IHttpClientFactory httpClientFactory,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _credentials = credentials.Value;
        _options = options.Value;
        _time = time;
        var http = httpClientFactory.CreateClient(ProtocolHttpClients.OpenIdMetadata);
        _channel = new KeySource(_options.OpenIdMetadataUrl, [_options.Issuer], isChannel: true, http, _options);
        if (_credentials.AppType is BotAppType.SingleTenant or BotAppType.UserAssignedMsi && !string.IsNullOrWhiteSpace(_credentials.MicrosoftAppTenantId))
        {
            var tenant = _credentials.MicrosoftAppTenantId.Trim();
            _tenant = new KeySource(
                _options.TenantOpenIdMetadataUrl.Replace("{tenant}", tenant, StringComparison.Ordinal),
                [$"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0"],
                isChannel: false,
                http,
                _options);
        }
    }

    /// <summary>Checks the Authorization header. Never throws for bad input; a failure carries a reason for the log.</summary>
    public async Task<TokenCheck> ValidateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(authorizationHeader)
            || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || authorizationHeader.Length <= 7)
        {
            return TokenCheck.Fail("missing or malformed Authorization header");
        }

        var raw = authorizationHeader.AsSpan(7).Trim().ToString();
        var now = _time.GetUtcNow();
        if (_validated.TryGetValue(raw, out var cached) && now < cached.Until)
        {
            return cached.Check;
        }

        JsonWebToken token;
        try
        {
            token = _handler.ReadJsonWebToken(raw);
        }
        catch (ArgumentException)
        {
            return TokenCheck.Fail("token is not a JWT");
        }

        if (Array.IndexOf(AllowedAlgorithms, token.Alg) < 0)
        {
            return TokenCheck.Fail($"algorithm '{token.Alg}' not allowed");
        }

        // RFC 7515 §4.1.11: a recipient must reject a token whose "crit" header names extensions it does not
        // understand. This bot understands none, and an empty or malformed "crit" is invalid in itself.
        if (token.TryGetHeaderValue<object>("crit", out _))
        {
            return TokenCheck.Fail("crit header lists extensions this bot does not understand");
        }

        var source = _channel.Issuers.Contains(token.Issuer, StringComparer.Ordinal) ? _channel
            : _tenant is not null && _tenant.Issuers.Contains(token.Issuer, StringComparer.Ordinal) ? _tenant
            : null;
        if (source is null)
        {
            return TokenCheck.Fail("issuer not accepted");
        }

        var configuration = await source.GetKeysAsync(token.Kid, _time, cancellationToken).ConfigureAwait(false);
        if (configuration is null)
        {
            return TokenCheck.Fail("signing keys unavailable (OpenID metadata not reachable)");
        }

        if (string.IsNullOrEmpty(token.Kid) || !configuration.Keys.TryGetValue(token.Kid, out var key))
        {
            return TokenCheck.Fail("unknown signing key id");
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuers = source.Issuers,
            ValidAudience = _credentials.MicrosoftAppId,
            IssuerSigningKey = key,
            ValidAlgorithms = AllowedAlgorithms,
            ClockSkew = _options.ClockSkew,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateIssuerSigningKey = true,
            TryAllIssuerSigningKeys = false,
        };
        var result = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return TokenCheck.Fail($"token rejected: {result.Exception?.GetType().Name}");
        }

        configuration.Endorsements.TryGetValue(token.Kid, out var endorsements);
        var check = new TokenCheck
        {
            Succeeded = true,
            Identity = result.ClaimsIdentity,
            Endorsements = endorsements,
            IsChannelToken = source.IsChannel,
        };
        Remember(raw, check, token.ValidTo, now);
        return check;
    }

    /// <summary>
    /// The channel reuses one token for many activities (it lives about an hour), so a successful validation of the
    /// exact same token string is remembered until the token expires, at most <see cref="ValidatedTokenLifetime"/>
    /// (so a key withdrawn from the JWKS stops being honoured soon). Failures are never remembered.
    /// </summary>
    private void Remember(string raw, TokenCheck check, DateTime validTo, DateTimeOffset now)
    {
        if (_validated.Count >= MaxValidatedTokens)
        {
            _validated.Clear();
        }

        var until = now + ValidatedTokenLifetime;
        var expires = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc)) + _options.ClockSkew;
        _validated[raw] = new ValidatedToken(check, expires < until ? expires : until);
    }

    private static readonly TimeSpan ValidatedTokenLifetime = TimeSpan.FromMinutes(5);
    private const int MaxValidatedTokens = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ValidatedToken> _validated = new(StringComparer.Ordinal);

    private sealed record ValidatedToken(TokenCheck Check, DateTimeOffset Until);

    /// <summary>
    /// The checks that need the activity: <c>serviceurl</c> claim equals its serviceUrl (case-insensitive, as the
    /// SDK) and the key is endorsed for its channelId. Returns null when fine, else the reason.
    /// </summary>
    public static string? CheckActivity(TokenCheck check, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(activity);
        if (check.IsAnonymous)
        {
            return null;
        }

        var serviceUrlClaim = check.Identity?.FindFirst("serviceurl")?.Value;
        if (check.IsChannelToken)
        {
            if (string.IsNullOrEmpty(serviceUrlClaim))
            {
                return "serviceurl claim missing";
            }

            // Endorsements: a Bot Framework key must list the channel. An empty channelId passes, as in the SDK.
            if (!string.IsNullOrEmpty(activity.ChannelId)
                && (check.Endorsements is null || !check.Endorsements.Contains(activity.ChannelId, StringComparer.OrdinalIgnoreCase)))
            {
                return "signing key not endorsed for the channel";
            }
        }

        if (serviceUrlClaim is not null && !string.Equals(serviceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return "serviceurl claim does not match the activity";
        }

        return null;
    }

    /// <summary>True when the token vouches for the activity's serviceUrl (only then may the bot send its token there).</summary>
    public static bool VouchesForServiceUrl(TokenCheck check, Activity activity) =>
        check is { Succeeded: true, IsAnonymous: false }
        && check.Identity?.FindFirst("serviceurl")?.Value is { } claim
        && string.Equals(claim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase);

    /// <summary>One OpenID metadata source: cached keys via ConfigurationManager, plus unknown-kid refresh.</summary>
    private sealed class KeySource
    {
        private readonly ConfigurationManager<BotOpenIdConfiguration> _manager;
        private readonly BotOpenIdConfigurationRetriever _retriever = new();
        private readonly TimeSpan _unknownKeyRefreshInterval;
        private readonly Lock _gate = new();
        private DateTimeOffset? _lastForcedRefresh;

        public KeySource(string metadataUrl, string[] issuers, bool isChannel, HttpClient http, BotAuthenticationOptions options)
        {
            Issuers = issuers;
            IsChannel = isChannel;
            _unknownKeyRefreshInterval = options.UnknownKeyRefreshInterval;
            var uri = new Uri(metadataUrl);
            var documents = new HttpDocumentRetriever(http) { RequireHttps = !uri.IsLoopback };
            _manager = new ConfigurationManager<BotOpenIdConfiguration>(metadataUrl, _retriever, documents)
            {
                AutomaticRefreshInterval = options.KeyRefreshInterval,
                RefreshInterval = options.UnknownKeyRefreshInterval,
            };
        }

        public string[] Issuers { get; }

        public bool IsChannel { get; }

        public async Task<BotOpenIdConfiguration?> GetKeysAsync(string? kid, TimeProvider time, CancellationToken cancellationToken)
        {
            BotOpenIdConfiguration? configuration;
            try
            {
                configuration = await _manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // No keys yet and the metadata cannot be fetched: the caller answers 401 (start-up never needs them).
                configuration = _retriever.Latest;
            }

            if (_retriever.Latest is { } latest && (configuration is null || latest.Generation > configuration.Generation))
            {
                configuration = latest;
            }

            if (configuration is null || string.IsNullOrEmpty(kid) || configuration.Keys.ContainsKey(kid))
            {
                return configuration;
            }

            // Unknown kid: the keys may have rotated. Refresh (rate-limited) and wait for the new set.
            var now = time.GetUtcNow();
            lock (_gate)
            {
                if (_lastForcedRefresh is { } last && now - last < _unknownKeyRefreshInterval)
                {
                    return configuration;
                }

                _lastForcedRefresh = now;
            }

            var next = _retriever.NextFetch;
            _manager.RequestRefresh();
            try
            {
                // Depending on the IdentityModel version the refresh runs inline or in the background: take
                // whichever configuration is newest.
                var refreshed = await _manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
                if (refreshed.Generation > configuration.Generation)
                {
                    return refreshed;
                }

                return await next.WaitAsync(TimeSpan.FromSeconds(5), time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                return _retriever.Latest is { } fetched && fetched.Generation > configuration.Generation ? fetched : configuration;
            }
        }
    }
}
