using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HelpdeskBot.Protocol.Connector;
using HelpdeskBot.Protocol.Hosting;
using HelpdeskBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Protocol.Tests.Connector;

/// <summary>
/// The bot's identity as Azure has it now (single tenant by default, certificates by subject name sent with x5c,
/// workload identity's federated token, the Agents SDK's settings), each against the loopback fake token endpoint.
/// </summary>
public sealed class ConnectorIdentityTests : IAsyncLifetime
{
    private const string AppId = ProtocolHost.AppId;
    private const string Tenant = "8a4c8f1e-2d3b-4c5d-9e6f-7a8b9c0d1e2f";
    private const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    // Starts at the real time: MSAL states a token's expiry on the system clock, the provider renews on this one.
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hb-identity-");
    private readonly List<ServiceProvider> _providers = [];
    private FakeTokenEndpoint _tokens = null!;

    public async ValueTask InitializeAsync() => _tokens = await FakeTokenEndpoint.StartAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _tokens.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_bot_is_single_tenant_by_default_and_asks_its_own_tenant_for_tokens()
    {
        var provider = TokenProvider(new() { ["MicrosoftAppId"] = AppId, ["MicrosoftAppTenantId"] = Tenant, ["MicrosoftAppPassword"] = "s3cret" });

        Assert.Equal("connector-token-1", await provider.GetTokenAsync(default));

        var request = Assert.Single(_tokens.Requests);
        Assert.Equal(Tenant, request.Tenant);
        Assert.Equal("s3cret", request.Form["client_secret"]);
    }

    [Fact]
    public void Without_a_tenant_the_default_single_tenant_bot_does_not_start_and_says_what_to_set()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => TokenProvider(new() { ["MicrosoftAppId"] = AppId, ["MicrosoftAppPassword"] = "s3cret" }));

        Assert.Contains(failure.Failures, f => f.StartsWith("MicrosoftAppTenantId is required: MicrosoftAppType is SingleTenant (the default", StringComparison.Ordinal)
            && f.Contains("MicrosoftAppType=MultiTenant", StringComparison.Ordinal));
        Assert.DoesNotContain(failure.Failures, f => f.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pem_certificate_found_by_subject_name_is_sent_with_its_x5c()
    {
        using var certificate = CreateCertificate("CN=helpdeskbot.contoso.com");
        var pem = Path.Combine(_folder.FullName, "bot.pem");
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem() + "\n" + certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var provider = TokenProvider(new()
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppTenantId"] = Tenant,
            ["MicrosoftAppCertificatePath"] = pem,
            ["MicrosoftAppCertificateSubjectName"] = "helpdeskbot.contoso.com",
        });

        await provider.GetTokenAsync(default);

        var form = Assert.Single(_tokens.Requests).Form;
        Assert.Equal(JwtBearer, form["client_assertion_type"]);
        Assert.False(form.ContainsKey("client_secret"));
        Assert.Equal(Convert.ToBase64String(certificate.RawData), FakeTokenEndpoint.AssertionCertificate(form));
    }

    [Fact]
    public async Task A_key_vault_certificate_given_as_base64_pfx_is_sent_with_its_x5c()
    {
        // A Key Vault certificate's secret (what KeyVault:Uri or a Key Vault reference delivers) is base64 PKCS#12.
        using var certificate = CreateCertificate("CN=helpdeskbot.contoso.com");
        var pfx = Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));
        var provider = TokenProvider(new()
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppTenantId"] = Tenant,
            ["MicrosoftAppCertificate"] = pfx,
            ["MicrosoftAppCertificateSubjectName"] = "CN=helpdeskbot.contoso.com",
        });

        await provider.GetTokenAsync(default);

        Assert.Equal(Convert.ToBase64String(certificate.RawData), FakeTokenEndpoint.AssertionCertificate(Assert.Single(_tokens.Requests).Form));
    }

    [Fact]
    public void A_certificate_whose_subject_is_not_the_configured_one_is_refused_at_start_up()
    {
        using var certificate = CreateCertificate("CN=someone-else.contoso.com");
        var failure = Assert.Throws<OptionsValidationException>(() => TokenProvider(new()
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppTenantId"] = Tenant,
            ["MicrosoftAppCertificate"] = Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12)),
            ["MicrosoftAppCertificateSubjectName"] = "helpdeskbot.contoso.com",
        }));

        Assert.Contains(failure.Failures, f => f.Contains("MicrosoftAppCertificateSubjectName is 'helpdeskbot.contoso.com' but the configured certificate's subject is 'CN=someone-else.contoso.com'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Workload_identity_sends_the_federated_token_and_reads_it_again_after_it_rotates()
    {
        var file = Path.Combine(_folder.FullName, "azure-identity-token");
        await File.WriteAllTextAsync(file, "federated-token-1\n");
        // As the workload identity webhook sets it: no secret, only the projected token's path.
        var provider = TokenProvider(new()
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppTenantId"] = Tenant,
            ["AZURE_FEDERATED_TOKEN_FILE"] = file,
        });

        await provider.GetTokenAsync(default);
        await File.WriteAllTextAsync(file, "federated-token-2\n"); // the kubelet rotates the projected token
        Assert.Equal("connector-token-1", await provider.GetTokenAsync(default)); // still cached
        _time.Advance(TimeSpan.FromMinutes(56)); // past the renewal point (1 h token, 5 min margin)
        Assert.Equal("connector-token-2", await provider.GetTokenAsync(default));

        var requests = _tokens.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(JwtBearer, r.Form["client_assertion_type"]));
        Assert.All(requests, r => Assert.Equal(Tenant, r.Tenant));
        Assert.Equal("federated-token-1", requests[0].Form["client_assertion"]);
        Assert.Equal("federated-token-2", requests[1].Form["client_assertion"]);
    }

    [Fact]
    public void A_federated_token_file_that_is_not_there_and_a_second_credential_are_refused_at_start_up()
    {
        var missing = Path.Combine(_folder.FullName, "not-mounted");
        var failure = Assert.Throws<OptionsValidationException>(() => TokenProvider(new()
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppTenantId"] = Tenant,
            ["Connections:ServiceConnection:Settings:AuthType"] = "WorkloadIdentity",
            ["Connections:ServiceConnection:Settings:FederatedTokenFile"] = missing,
        }));
        Assert.Contains(failure.Failures, f => f.StartsWith($"MicrosoftAppFederatedTokenFile (or AZURE_FEDERATED_TOKEN_FILE): {missing} does not exist", StringComparison.Ordinal)
            && f.Contains("azure.workload.identity/use", StringComparison.Ordinal));

        failure = Assert.Throws<OptionsValidationException>(() => TokenProvider(new()
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppTenantId"] = Tenant,
            ["MicrosoftAppPassword"] = "s3cret",
            ["MicrosoftAppFederatedTokenFile"] = missing,
        }));
        Assert.Contains(failure.Failures, f => f.StartsWith("The bot has MicrosoftAppPassword and MicrosoftAppFederatedTokenFile at once: keep exactly one credential", StringComparison.Ordinal));
        Assert.Empty(_tokens.Requests);
    }

    [Fact]
    public async Task The_agents_sdk_service_connection_settings_work_as_aliases()
    {
        var provider = TokenProvider(new()
        {
            ["Connections:ServiceConnection:Settings:AuthType"] = "ClientSecret",
            ["Connections:ServiceConnection:Settings:ClientId"] = AppId,
            ["Connections:ServiceConnection:Settings:ClientSecret"] = "agents-secret",
            ["Connections:ServiceConnection:Settings:TenantId"] = Tenant,
        });

        await provider.GetTokenAsync(default);

        var request = Assert.Single(_tokens.Requests);
        Assert.Equal(Tenant, request.Tenant);
        Assert.Equal(AppId, request.Form["client_id"]);
        Assert.Equal("agents-secret", request.Form["client_secret"]);
    }

    [Fact]
    public async Task The_agents_sdk_multi_tenant_authority_makes_a_multi_tenant_bot()
    {
        var provider = TokenProvider(new()
        {
            ["Connections:ServiceConnection:Settings:AuthType"] = "ClientSecret",
            ["Connections:ServiceConnection:Settings:AuthorityEndpoint"] = "https://login.microsoftonline.com/botframework.com",
            ["Connections:ServiceConnection:Settings:ClientId"] = AppId,
            ["Connections:ServiceConnection:Settings:ClientSecret"] = "agents-secret",
        });

        await provider.GetTokenAsync(default);

        Assert.Equal("botframework.com", Assert.Single(_tokens.Requests).Tenant);
    }

    [Fact]
    public void A_setting_and_its_agents_sdk_alias_with_different_values_are_reported_without_the_values()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => TokenProvider(new()
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppTenantId"] = Tenant,
            ["MicrosoftAppPassword"] = "first-secret",
            ["Connections:ServiceConnection:Settings:ClientSecret"] = "second-secret",
            ["Connections:ServiceConnection:Settings:AuthType"] = "SystemManagedIdentity",
        }));

        Assert.Contains(failure.Failures, f => f == "MicrosoftAppPassword and Connections:ServiceConnection:Settings:ClientSecret are both set, to different values: keep one of them.");
        Assert.Contains(failure.Failures, f => f.StartsWith("Connections:ServiceConnection:Settings:AuthType 'SystemManagedIdentity' is not supported here", StringComparison.Ordinal));
        Assert.DoesNotContain(failure.Failures, f => f.Contains("first-secret", StringComparison.Ordinal) || f.Contains("second-secret", StringComparison.Ordinal));
    }

    /// <summary>The protocol layer's token provider, built as the host builds it, over <paramref name="settings"/>.</summary>
    private IConnectorTokenProvider TokenProvider(Dictionary<string, string?> settings)
    {
        settings["Bot:Connector:AuthorityHost"] = _tokens.AuthorityHost;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = "Production" });
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddHelpdeskBotProtocol(configuration);
        _tokens.TrustFrom(services);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<IConnectorTokenProvider>();
    }

    private X509Certificate2 CreateCertificate(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = _time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }
}
