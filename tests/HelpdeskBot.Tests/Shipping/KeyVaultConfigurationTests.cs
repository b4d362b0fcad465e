using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using HelpdeskBot.Configuration;
using HelpdeskBot.Configuration.KeyVault;
using HelpdeskBot.Hosting;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// <c>KeyVault:Uri</c> loads the vault's secrets into configuration. Against a loopback HTTPS fake of the Key Vault
/// REST API (generated certificate, the 401 Bearer challenge, then list and get), with a test credential: no Azure.
/// </summary>
public sealed class KeyVaultConfigurationTests : IAsyncLifetime
{
    private const string Token = "vault-access-token";
    private const string AdminKey = "vault-admin-key-0123456789abcdefghijklmnop";
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();

    private readonly X509Certificate2 _certificate = CreateCertificate();
    private readonly ConcurrentQueue<string> _requests = new();
    private LoopbackServer _vault = null!;
    private int _status = 200;

    public async ValueTask InitializeAsync() => _vault = await LoopbackServer.StartAsync(
        app =>
        {
            app.MapGet("/secrets", ctx => Answer(ctx, () => List(ctx)));
            app.MapGet("/secrets/{name}/{version?}", ctx => Answer(ctx, () => Secret(ctx, (string)ctx.Request.RouteValues["name"]!)));
        },
        certificate: _certificate);

    public async ValueTask DisposeAsync()
    {
        await _vault.DisposeAsync();
        _certificate.Dispose();
    }

    /// <summary>name → (value, enabled, expires).</summary>
    private readonly Dictionary<string, (string Value, bool Enabled, DateTimeOffset? Expires)> _secrets = new()
    {
        ["Admin--ApiKeys--0--Key"] = (AdminKey, true, null),
        ["Admin--ApiKeys--0--Scopes--0"] = ("dashboard", true, null),
        ["Admin--ApiKeys--0--Name"] = ("from-the-vault", true, null),
        ["MicrosoftAppPassword"] = ("app-secret-from-vault", true, null),
        ["Tickets--Jira--ApiToken"] = ("disabled-token", false, null),
        ["Tickets--Zendesk--ApiToken"] = ("expired-token", true, Now.AddDays(-1)),
    };

    [Fact]
    public void Secrets_become_settings_with_double_dashes_as_sections_after_the_bearer_challenge()
    {
        var credential = new TestCredential();
        var builder = Builder(credential, "--Admin:ApiKeys:0:Name=from-the-command-line");

        Assert.Equal(AdminKey, builder.Configuration["Admin:ApiKeys:0:Key"]);
        Assert.Equal("dashboard", builder.Configuration["Admin:ApiKeys:0:Scopes:0"]);
        Assert.Equal("app-secret-from-vault", builder.Configuration["MicrosoftAppPassword"]);
        // Disabled and expired secrets are not loaded.
        Assert.Null(builder.Configuration["Tickets:Jira:ApiToken"]);
        Assert.Null(builder.Configuration["Tickets:Zendesk:ApiToken"]);
        // The environment and command line still override the vault.
        Assert.Equal("from-the-command-line", builder.Configuration["Admin:ApiKeys:0:Name"]);

        // The client met the challenge first, then asked the credential for the vault's scope in the challenge's tenant.
        var requests = _requests.ToList();
        Assert.StartsWith("GET /secrets anonymous -> 401", requests[0], StringComparison.Ordinal);
        Assert.All(requests.Skip(1), r => Assert.Contains("bearer", r, StringComparison.Ordinal));
        Assert.Contains(credential.Requests, r => r.Scopes.SequenceEqual(["https://vault.azure.net/.default"]) && r.TenantId == "tenant-1");
    }

    [Fact]
    public async Task The_admin_scheme_accepts_a_key_that_came_from_the_vault()
    {
        var data = Directory.CreateTempSubdirectory("hb-kv-");
        try
        {
            var builder = Builder(new TestCredential(), "--urls=http://127.0.0.1:0", $"--Storage:Sqlite:Path={Path.Combine(data.FullName, "helpdeskbot.db")}");
            builder.AddHelpdeskBot();
            await using var app = builder.Build();
            app.MapHelpdeskBot();
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard");
            request.Headers.Add("X-Api-Key", AdminKey);
            using var response = await client.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            await app.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_key_vault_certificate_signs_the_bot_in_by_subject_name_with_its_x5c()
    {
        // A Key Vault certificate is readable as a secret of the same name holding the base64 PFX with its key.
        using var botCertificate = CreateBotCertificate("CN=helpdeskbot.contoso.com");
        _secrets.Remove("MicrosoftAppPassword");
        _secrets["MicrosoftAppCertificate"] = (Convert.ToBase64String(botCertificate.Export(X509ContentType.Pkcs12)), true, null);
        await using var tokens = await FakeTokenEndpoint.StartAsync();
        var data = Directory.CreateTempSubdirectory("hb-kv-");
        try
        {
            var builder = Builder(
                new TestCredential(),
                "--urls=http://127.0.0.1:0",
                $"--Storage:Sqlite:Path={Path.Combine(data.FullName, "helpdeskbot.db")}",
                "--MicrosoftAppId=5c1f0a51-8d2b-4f7e-9a3c-2b7e1d4c9f60",
                "--MicrosoftAppTenantId=8a4c8f1e-2d3b-4c5d-9e6f-7a8b9c0d1e2f",
                "--MicrosoftAppCertificateSubjectName=helpdeskbot.contoso.com",
                $"--Bot:Connector:AuthorityHost={tokens.AuthorityHost}");
            builder.AddHelpdeskBot();
            tokens.TrustFrom(builder.Services);
            await using var app = builder.Build();
            app.MapHelpdeskBot();
            await app.StartAsync();

            await app.Services.GetRequiredService<HelpdeskBot.Protocol.Connector.IConnectorTokenProvider>().GetTokenAsync(default);

            var request = Assert.Single(tokens.Requests);
            Assert.Equal("8a4c8f1e-2d3b-4c5d-9e6f-7a8b9c0d1e2f", request.Tenant);
            Assert.Equal(Convert.ToBase64String(botCertificate.RawData), FakeTokenEndpoint.AssertionCertificate(request.Form));
            await app.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_vault_that_refuses_the_identity_stops_the_start_naming_the_setting()
    {
        _status = 403;
        var exception = Assert.ThrowsAny<Exception>(() => Builder(new TestCredential()));
        var failure = Assert.Single(StartupValidationReport.Failures(exception));
        Assert.StartsWith($"KeyVault:Uri: the secrets of {_vault.BaseAddress.ToString().TrimEnd('/')}", failure, StringComparison.Ordinal);
        Assert.Contains("HTTP 403", failure, StringComparison.Ordinal);
        Assert.Contains("Key Vault Secrets User", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_http_vault_address_is_refused_with_the_other_settings_to_fix()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--KeyVault:Uri=http://127.0.0.1:1/"] });
        var sources = builder.Configuration.Sources.Count;
        builder.AddHelpdeskBotKeyVault(new TestCredential());
        Assert.Equal(sources, builder.Configuration.Sources.Count); // nothing is read from it
        using var app = builder.Build();
        var exception = Assert.ThrowsAny<Exception>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("KeyVault:Uri must be the vault's https URL", Assert.Single(StartupValidationReport.Failures(exception)), StringComparison.Ordinal);
        Assert.Empty(_requests);
    }

    [Fact]
    public void Without_a_vault_address_nothing_is_loaded()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        var sources = builder.Configuration.Sources.Count;
        builder.AddHelpdeskBotKeyVault(new TestCredential());
        Assert.Equal(sources, builder.Configuration.Sources.Count);
        Assert.Empty(_requests);
    }

    private WebApplicationBuilder Builder(TokenCredential credential, params string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [$"--KeyVault:Uri={_vault.BaseAddress}", .. args], EnvironmentName = "Development" });
        var thumbprint = _certificate.Thumbprint;
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 c && c.Thumbprint == thumbprint },
        };
        var options = new SecretClientOptions
        {
            Transport = new HttpClientTransport(handler),
            // The fake vault is 127.0.0.1, not *.vault.azure.net, so the challenge's resource cannot match its host.
            DisableChallengeResourceVerification = true,
            Retry = { MaxRetries = 0 },
        };
        builder.AddHelpdeskBotKeyVault(credential, options);
        return builder;
    }

    private async Task Answer(HttpContext ctx, Func<JsonNode?> body)
    {
        var authorization = ctx.Request.Headers.Authorization.ToString();
        if (authorization != "Bearer " + Token)
        {
            _requests.Enqueue($"{ctx.Request.Method} {ctx.Request.Path} anonymous -> 401");
            ctx.Response.StatusCode = 401;
            ctx.Response.Headers.WWWAuthenticate = "Bearer authorization=\"https://login.microsoftonline.com/tenant-1\", resource=\"https://vault.azure.net\"";
            return;
        }

        _requests.Enqueue($"{ctx.Request.Method} {ctx.Request.Path} bearer -> {_status}");
        if (_status != 200)
        {
            ctx.Response.StatusCode = _status;
            await ctx.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = "Forbidden", ["message"] = "The user does not have secrets list permission." } });
            return;
        }

        var node = body();
        if (node is null)
        {
            ctx.Response.StatusCode = 404;
            return;
        }

        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.WriteAsync(node.ToJsonString());
    }

    private JsonNode List(HttpContext ctx)
    {
        var vault = $"https://{ctx.Request.Host}";
        var items = new JsonArray();
        foreach (var (name, s) in _secrets)
        {
            items.Add(new JsonObject { ["id"] = $"{vault}/secrets/{name}", ["attributes"] = Attributes(s.Enabled, s.Expires) });
        }

        return new JsonObject { ["value"] = items, ["nextLink"] = null };
    }

    private JsonNode? Secret(HttpContext ctx, string name) =>
        _secrets.TryGetValue(name, out var s)
            ? new JsonObject { ["value"] = s.Value, ["id"] = $"https://{ctx.Request.Host}/secrets/{name}/0123456789abcdef", ["attributes"] = Attributes(s.Enabled, s.Expires) }
            : null;

    private static JsonObject Attributes(bool enabled, DateTimeOffset? expires)
    {
        var attributes = new JsonObject { ["enabled"] = enabled, ["created"] = Now.AddDays(-30).ToUnixTimeSeconds(), ["updated"] = Now.AddDays(-30).ToUnixTimeSeconds() };
        if (expires is { } e)
        {
            attributes["exp"] = e.ToUnixTimeSeconds();
        }

        return attributes;
    }

    private static X509Certificate2 CreateBotCertificate(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    /// <summary>Hands out a fixed token and records what was asked for (the managed identity's part).</summary>
    private sealed class TestCredential : TokenCredential
    {
        public ConcurrentBag<TokenRequestContext> Requests { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Requests.Add(requestContext);
            return new AccessToken(Token, Now.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
