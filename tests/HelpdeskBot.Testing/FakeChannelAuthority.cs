using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HelpdeskBot.Testing;

/// <summary>
/// Plays the Bot Framework channel's token issuer on loopback: RSA keys generated in the test, served as OpenID
/// metadata (<see cref="MetadataUrl"/>) and a JWKS whose keys carry <c>endorsements</c>; mints channel tokens
/// (good or deliberately bad). Point the bot's <c>Bot:OpenIdMetadataUrl</c> at <see cref="MetadataUrl"/>.
/// </summary>
public sealed class FakeChannelAuthority : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";

    private readonly Lock _gate = new();
    private readonly List<(string Kid, RSA Key, string[] Endorsements)> _published = [];
    private LoopbackServer? _server;
    private int _metadataRequests;

    private FakeChannelAuthority()
    {
    }

    public string MetadataUrl => new Uri(_server!.BaseAddress, "v1/.well-known/openidconfiguration").ToString();

    /// <summary>The kid new tokens are signed with by default (the newest published key).</summary>
    public string CurrentKid { get; private set; } = string.Empty;

    /// <summary>How often the metadata document was fetched.</summary>
    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    /// <summary>Starts with one key endorsed for <c>msteams</c>.</summary>
    public static async Task<FakeChannelAuthority> StartAsync()
    {
        var authority = new FakeChannelAuthority();
        authority.PublishNewKey(["msteams"]);
        authority._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/v1/.well-known/openidconfiguration", authority.Metadata);
            app.MapGet("/v1/.well-known/keys", authority.Keys);
        }).ConfigureAwait(false);
        return authority;
    }

    /// <summary>Publishes a new key (rotation) and makes it the default signing key. Returns its kid.</summary>
    public string PublishNewKey(string[] endorsements, bool replaceExisting = false)
    {
        var kid = "kid-" + Guid.NewGuid().ToString("N")[..12];
        lock (_gate)
        {
            if (replaceExisting)
            {
                _published.Clear();
            }

            _published.Add((kid, RSA.Create(2048), endorsements));
            CurrentKid = kid;
        }

        return kid;
    }

    /// <summary>A valid channel token for the bot <paramref name="appId"/> and <paramref name="serviceUrl"/>, adjustable by <paramref name="configure"/>.</summary>
    public string CreateToken(string appId, string serviceUrl, Action<TokenSpec>? configure = null)
    {
        var spec = new TokenSpec { Audience = appId, ServiceUrl = serviceUrl, Kid = CurrentKid };
        configure?.Invoke(spec);
        return spec.Algorithm switch
        {
            "none" => Unsigned(spec),
            "HS256-public-key" => SignedWithPublicKeyAsHmacSecret(spec),
            _ => Signed(spec),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private RSA KeyOf(string kid)
    {
        lock (_gate)
        {
            return _published.First(p => p.Kid == kid).Key;
        }
    }

    private string Signed(TokenSpec spec)
    {
        var key = spec.SignWithForeignKey ? RSA.Create(2048) : KeyOf(spec.KidOfSigningKey ?? spec.Kid);
        var credentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = spec.Kid }, spec.Algorithm);
        return new JsonWebTokenHandler().CreateToken(Descriptor(spec, credentials));
    }

    private static string Unsigned(TokenSpec spec) => new JsonWebTokenHandler().CreateToken(Descriptor(spec, null));

    private string SignedWithPublicKeyAsHmacSecret(TokenSpec spec)
    {
        // The classic key-confusion attack: HS256 keyed with the bytes of the RSA public key the JWKS publishes.
        var publicKey = KeyOf(spec.Kid).ExportSubjectPublicKeyInfo();
        var credentials = new SigningCredentials(new SymmetricSecurityKey(publicKey) { KeyId = spec.Kid }, SecurityAlgorithms.HmacSha256);
        return new JsonWebTokenHandler().CreateToken(Descriptor(spec, credentials));
    }

    private static SecurityTokenDescriptor Descriptor(TokenSpec spec, SigningCredentials? credentials)
    {
        var now = TimeProvider.System.GetUtcNow(); // real clock: the bot under test validates lifetimes against it
        var claims = new Dictionary<string, object>();
        if (spec.ServiceUrl is not null)
        {
            claims["serviceurl"] = spec.ServiceUrl;
        }

        return new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            Claims = claims,
            IssuedAt = (now + spec.NotBeforeOffset).UtcDateTime,
            NotBefore = (now + spec.NotBeforeOffset).UtcDateTime,
            Expires = (now + spec.ExpiresOffset).UtcDateTime,
            SigningCredentials = credentials,
            AdditionalHeaderClaims = spec.HeaderClaims,
            Subject = new ClaimsIdentity(),
        };
    }

    private IResult Metadata(HttpContext context)
    {
        Interlocked.Increment(ref _metadataRequests);
        var jwks = new Uri(_server!.BaseAddress, "v1/.well-known/keys").ToString();
        return Results.Text($$"""{"issuer":"{{Issuer}}","authorization_endpoint":"https://invalid.example/","jwks_uri":"{{jwks}}","id_token_signing_alg_values_supported":["RS256"],"token_endpoint_auth_methods_supported":["private_key_jwt"]}""", "application/json");
    }

    private IResult Keys()
    {
        var keys = new JsonArray();
        lock (_gate)
        {
            foreach (var (kid, key, endorsements) in _published)
            {
                var p = key.ExportParameters(false);
                keys.Add(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = kid,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                    ["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]),
                });
            }
        }

        return Results.Text(new JsonObject { ["keys"] = keys }.ToJsonString(), "application/json", Encoding.UTF8);
    }
}

/// <summary>What to put in a minted token; defaults make a valid one.</summary>
public sealed class TokenSpec
{
    public string Issuer { get; set; } = FakeChannelAuthority.Issuer;

    public string? Audience { get; set; }

    /// <summary>The <c>serviceurl</c> claim; null leaves it out.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The kid in the header.</summary>
    public string Kid { get; set; } = string.Empty;

    /// <summary>Sign with this published key's private key instead of the one named by <see cref="Kid"/>.</summary>
    public string? KidOfSigningKey { get; set; }

    /// <summary>Sign with a fresh key nobody published (bad signature).</summary>
    public bool SignWithForeignKey { get; set; }

    /// <summary>RS256/RS384/RS512, or <c>none</c>, or <c>HS256-public-key</c> (HMAC keyed with the public key).</summary>
    public string Algorithm { get; set; } = SecurityAlgorithms.RsaSha256;

    /// <summary>Extra JOSE header parameters, e.g. <c>crit</c>.</summary>
    public Dictionary<string, object>? HeaderClaims { get; set; }

    public TimeSpan NotBeforeOffset { get; set; } = TimeSpan.FromMinutes(-1);

    public TimeSpan ExpiresOffset { get; set; } = TimeSpan.FromMinutes(30);
}
