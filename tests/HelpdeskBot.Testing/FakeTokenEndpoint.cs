using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Testing;

/// <summary>
/// A loopback fake of the Entra token endpoint for client credentials: <c>POST /{tenant}/oauth2/v2.0/token</c>
/// answers a bearer token <c>connector-token-N</c>. Records the form posts (client_id, scope, grant_type).
/// </summary>
public sealed class FakeTokenEndpoint : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Tenant, IReadOnlyDictionary<string, string> Form)> _requests = new();
    private LoopbackServer? _server;
    private int _issued;

    private FakeTokenEndpoint()
    {
    }

    /// <summary>Use as <c>Bot:Connector:AuthorityHost</c>.</summary>
    public string AuthorityHost => _server!.BaseAddress.ToString().TrimEnd('/');

    public IReadOnlyList<(string Tenant, IReadOnlyDictionary<string, string> Form)> Requests => [.. _requests];

    /// <summary>The last token issued.</summary>
    public string? LastToken { get; private set; }

    /// <summary>The self-signed certificate the endpoint serves (MSAL only talks HTTPS to an authority).</summary>
    public X509Certificate2 Certificate { get; private set; } = null!;

    public static async Task<FakeTokenEndpoint> StartAsync()
    {
        var fake = new FakeTokenEndpoint { Certificate = CreateCertificate() };
        fake._server = await LoopbackServer.StartAsync(app => app.MapPost("/{tenant}/oauth2/v2.0/token", fake.TokenAsync), certificate: fake.Certificate).ConfigureAwait(false);
        return fake;
    }

    /// <summary>Makes the bot's token HttpClient (<c>HelpdeskBot.TokenEndpoint</c>) trust exactly this endpoint's certificate.</summary>
    public void TrustFrom(IServiceCollection services, string clientName = "HelpdeskBot.TokenEndpoint")
    {
        var thumbprint = Certificate.Thumbprint;
        services.AddHttpClient(clientName).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint,
        });
    }

    /// <summary>
    /// The certificate a client assertion (<c>client_assertion</c> of a recorded request) carries in its <c>x5c</c>
    /// header, base64 DER, or null without one. MSAL writes the single certificate as a string, RFC 7515 an array.
    /// </summary>
    public static string? AssertionCertificate(IReadOnlyDictionary<string, string> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var header = form["client_assertion"].Split('.')[0].Replace('-', '+').Replace('_', '/');
        header = header.PadRight(header.Length + ((4 - (header.Length % 4)) % 4), '=');
        using var json = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(header));
        if (!json.RootElement.TryGetProperty("x5c", out var x5c))
        {
            return null;
        }

        return x5c.ValueKind == System.Text.Json.JsonValueKind.Array ? x5c[0].GetString() : x5c.GetString();
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

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Lifetime of the tokens issued (an hour, as Entra's); a short one makes every call fetch a token.</summary>
    public int ExpiresInSeconds { get; set; } = 3600;

    /// <summary>While true, the endpoint answers 503 (an Entra outage).</summary>
    public bool Down { get; set; }

    private async Task<IResult> TokenAsync(string tenant, HttpContext context)
    {
        if (Down)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        _requests.Enqueue((tenant, form.ToDictionary(f => f.Key, f => f.Value.ToString())));
        var token = "connector-token-" + Interlocked.Increment(ref _issued);
        LastToken = token;
        return Results.Text($$"""{"token_type":"Bearer","expires_in":{{ExpiresInSeconds}},"ext_expires_in":{{ExpiresInSeconds}},"access_token":"{{token}}"}""", "application/json");
    }
}
