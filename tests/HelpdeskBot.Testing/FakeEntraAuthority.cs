using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HelpdeskBot.Testing;

/// <summary>
/// Plays a Microsoft Entra ID tenant on loopback over HTTPS (a certificate generated in the test): OpenID metadata at
/// <c>{Authority}/.well-known/openid-configuration</c> and a JWKS with one RSA key, and mints v2 access tokens (RS256)
/// with app roles, good or deliberately bad. Point the host's authority setting at <see cref="Authority"/> and give
/// its JwtBearer backchannel <see cref="CreateBackchannelHandler"/>, which trusts exactly this server's certificate.
/// </summary>
public sealed class FakeEntraAuthority : IAsyncDisposable
{
    public const string TenantId = "6f1c3b8e-2d4a-4c5e-9f7a-1b2c3d4e5f60";

    private readonly RSA _key = RSA.Create(2048);
    private readonly string _kid = "entra-" + Guid.NewGuid().ToString("N")[..12];
    private LoopbackServer? _server;
    private int _metadataRequests;
    private int _keyRequests;

    private FakeEntraAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The HTTPS server's certificate (self-signed for 127.0.0.1).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>https://127.0.0.1:port/{tenant}/v2.0, also the <c>iss</c> of the tokens it mints (as Entra v2 does).</summary>
    public string Authority => new Uri(_server!.BaseAddress, TenantId + "/v2.0").ToString();

    public string Issuer => Authority;

    /// <summary>How often the metadata document was fetched.</summary>
    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    /// <summary>How often the JWKS was fetched.</summary>
    public int KeyRequests => Volatile.Read(ref _keyRequests);

    public static async Task<FakeEntraAuthority> StartAsync()
    {
        var authority = new FakeEntraAuthority(CreateCertificate());
        authority._server = await LoopbackServer.StartAsync(
            app =>
            {
                app.MapGet($"/{TenantId}/v2.0/.well-known/openid-configuration", authority.Metadata);
                app.MapGet($"/{TenantId}/discovery/v2.0/keys", authority.Keys);
            },
            certificate: authority.Certificate).ConfigureAwait(false);
        return authority;
    }

    /// <summary>A handler that trusts this server's certificate only (pinned by thumbprint), for the JwtBearer backchannel.</summary>
    public HttpMessageHandler CreateBackchannelHandler()
    {
        var thumbprint = Certificate.Thumbprint;
        return new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint,
        };
    }

    /// <summary>A valid access token for <paramref name="audience"/> with app <paramref name="roles"/>, adjustable by <paramref name="configure"/>.</summary>
    public string CreateToken(string audience, string[] roles, Action<EntraTokenSpec>? configure = null)
    {
        var spec = new EntraTokenSpec { Issuer = Issuer, Audience = audience, Roles = roles };
        configure?.Invoke(spec);
        var now = TimeProvider.System.GetUtcNow(); // real clock: the host under test validates lifetimes against it
        var claims = new Dictionary<string, object>
        {
            ["oid"] = spec.ObjectId,
            ["tid"] = TenantId,
            ["ver"] = "2.0",
            ["azp"] = "0b3c5d7e-1111-2222-3333-444455556666",
        };
        if (spec.Roles.Length > 0)
        {
            claims["roles"] = spec.Roles;
        }

        SigningCredentials? credentials = null;
        if (!spec.AlgorithmNone)
        {
            var key = spec.SignWithForeignKey ? RSA.Create(2048) : _key;
            credentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = _kid }, SecurityAlgorithms.RsaSha256);
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            Claims = claims,
            IssuedAt = (now + spec.NotBeforeOffset).UtcDateTime,
            NotBefore = (now + spec.NotBeforeOffset).UtcDateTime,
            Expires = (now + spec.ExpiresOffset).UtcDateTime,
            SigningCredentials = credentials,
            Subject = new ClaimsIdentity([new Claim("sub", spec.Subject)]),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        _key.Dispose();
        Certificate.Dispose();
    }

    private IResult Metadata()
    {
        Interlocked.Increment(ref _metadataRequests);
        var tenant = new Uri(_server!.BaseAddress, TenantId + "/");
        var metadata = new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = new Uri(tenant, "oauth2/v2.0/authorize").ToString(),
            ["token_endpoint"] = new Uri(tenant, "oauth2/v2.0/token").ToString(),
            ["jwks_uri"] = new Uri(tenant, "discovery/v2.0/keys").ToString(),
            ["response_types_supported"] = new JsonArray("code", "id_token", "code id_token", "id_token token"),
            ["subject_types_supported"] = new JsonArray("pairwise"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["tenant_region_scope"] = "EU",
        };
        return Results.Text(metadata.ToJsonString(), "application/json", Encoding.UTF8);
    }

    private IResult Keys()
    {
        Interlocked.Increment(ref _keyRequests);
        var p = _key.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = _kid,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
        return Results.Text(new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString(), "application/json", Encoding.UTF8);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}

/// <summary>What to put in an Entra access token; defaults (with the audience and roles given) make a valid one.</summary>
public sealed class EntraTokenSpec
{
    public string Issuer { get; set; } = string.Empty;

    public string Audience { get; set; } = string.Empty;

    /// <summary>App roles (<c>roles</c> claim); empty leaves the claim out.</summary>
    public string[] Roles { get; set; } = [];

    public string Subject { get; set; } = "entra-subject-1";

    public string ObjectId { get; set; } = "9a8b7c6d-0000-4000-8000-00000000abcd";

    /// <summary>Sign with a fresh key the JWKS does not publish (same kid).</summary>
    public bool SignWithForeignKey { get; set; }

    /// <summary><c>alg: none</c>, no signature.</summary>
    public bool AlgorithmNone { get; set; }

    public TimeSpan NotBeforeOffset { get; set; } = TimeSpan.FromMinutes(-1);

    public TimeSpan ExpiresOffset { get; set; } = TimeSpan.FromMinutes(30);
}
